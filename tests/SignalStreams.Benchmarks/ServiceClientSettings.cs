using Confluent.Kafka;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Gives a benchmark's own Kafka clients the settings the services' Streamiz clients run with (<c>Streams:Consumer:*</c>,
/// <c>Streams:Producer:*</c>), so that a reader of the results or a raw round trip waits no longer per fetch than a
/// service does.
/// </summary>
internal static class ServiceClientSettings
{
    public static T Consumer<T>(T config, IReadOnlyDictionary<string, string?> settings)
        where T : ClientConfig => Apply(config, settings, "Streams:Consumer:");

    public static T Producer<T>(T config, IReadOnlyDictionary<string, string?> settings)
        where T : ClientConfig => Apply(config, settings, "Streams:Producer:");

    private static T Apply<T>(T config, IReadOnlyDictionary<string, string?> settings, string prefix)
        where T : ClientConfig
    {
        foreach (var (key, value) in settings)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && value is not null)
            {
                config.Set(key[prefix.Length..], value);
            }
        }

        return config;
    }
}

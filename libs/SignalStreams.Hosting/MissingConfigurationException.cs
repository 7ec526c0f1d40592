using Microsoft.Extensions.Configuration;

namespace SignalStreams.Hosting;

/// <summary>A required configuration key is missing; the message is one sentence naming it.</summary>
public sealed class MissingConfigurationException(string key)
    : Exception($"{key} is required: set it in appsettings.json or as the environment variable {key.Replace(":", "__", StringComparison.Ordinal)}.")
{
    public string Key { get; } = key;

    /// <summary>The value of a required key, or a <see cref="MissingConfigurationException"/>.</summary>
    public static string Require(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? throw new MissingConfigurationException(key) : value;
    }
}

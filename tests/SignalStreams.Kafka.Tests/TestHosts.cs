using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Sdk;

namespace SignalStreams.Kafka.Tests;

internal static class TestHosts
{
    /// <summary>A DI container with the SDK registered exactly as a signal source would do it.</summary>
    public static ServiceProvider Publisher(string bootstrap, string prefix, IDictionary<string, string>? client = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSignalPublisher(kafka =>
        {
            kafka.BootstrapServers = bootstrap;
            kafka.TopicPrefix = prefix;
            foreach (var (key, value) in client ?? new Dictionary<string, string>())
            {
                kafka.Client[key] = value;
            }
        });
        return services.BuildServiceProvider();
    }
}

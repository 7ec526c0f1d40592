using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SignalStreams.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="IConnectionMultiplexer"/> from <c>Redis:Configuration</c>. It connects
    /// without aborting when Redis is down (<c>abortConnect=false</c>) and keeps reconnecting, so a service starts
    /// and reports Redis in its health instead of crashing.
    /// </summary>
    public static IServiceCollection AddSignalStreamsRedis(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration));
        return services;
    }

    public static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        if (options.ConnectTimeout > 5000)
        {
            options.ConnectTimeout = 5000;
        }

        return ConnectionMultiplexer.Connect(options);
    }
}

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

    /// <summary>
    /// Registers <see cref="RedisLock"/> (options from <c>Redis:Lock</c>), its metrics on the meter
    /// <c>SignalStreams.Redis</c> and a readiness check that reports Degraded, never Unhealthy, while Redis is down.
    /// </summary>
    public static IServiceCollection AddRedisLock(this IServiceCollection services)
    {
        services.AddSignalStreamsRedis();
        services.AddMetrics();
        services.AddOptions<RedisLockOptions>().BindConfiguration(RedisLockOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RedisLockMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new RedisLock(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisLockOptions>>().Value,
            sp.GetRequiredService<RedisLockMetrics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisLock>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "redis-lock",
            sp => new RedisLockHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisLockMetrics>()),
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
            ["ready"]));
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

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SignalStreams.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>The name of the readiness check <see cref="AddRedisClaims"/> registers.</summary>
    public const string HealthCheckName = "redis";

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
    /// Registers <see cref="RedisClaims"/> on the shared connection, its metrics (meter <c>SignalStreams.Redis</c>)
    /// and the readiness check <c>redis</c> (tag <c>ready</c>), which reports Degraded, never Unhealthy, while Redis
    /// is down: every caller of the claims has a way to go on without it.
    /// </summary>
    public static IServiceCollection AddRedisClaims(this IServiceCollection services)
    {
        services.AddSignalStreamsRedis();
        services.AddMetrics();
        services.TryAddSingleton<RedisMetrics>();
        services.TryAddSingleton<RedisClaims>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName,
            sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisMetrics>()),
            HealthStatus.Degraded,
            ["ready"]));
        return services;
    }

    /// <summary>
    /// Connects from a StackExchange.Redis configuration string. Commands fail fast while no connection is up
    /// (<see cref="BacklogPolicy.FailFast"/>) instead of queueing until their timeout: a claim that cannot be
    /// answered now is worth nothing later, and its caller has a way to go on without it.
    /// </summary>
    public static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (options.ConnectTimeout > 5000)
        {
            options.ConnectTimeout = 5000;
        }

        return ConnectionMultiplexer.Connect(options);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SignalStreams.PaperExchange;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;

namespace SignalStreams.SignalApi.Tests;

/// <summary>The paper exchange, and the router and executor hosted in-process over the API's topics.</summary>
internal sealed class PipelineHosts : IAsyncDisposable
{
    public const string PaperKey = "paper-e2e-key-4c8b1d";
    public const string PaperSecret = "paper-e2e-secret-9a7e3f";

    private readonly List<IHost> _hosts = [];

    private PipelineHosts(PaperExchangeHost paper) => Paper = paper;

    public PaperExchangeHost Paper { get; }

    public static async Task<PipelineHosts> StartExchangeAsync() =>
        new(await PaperExchangeApp.StartAsync(new Dictionary<string, string?>
        {
            ["PaperExchange:Accounts:0:ApiKey"] = PaperKey,
            ["PaperExchange:Accounts:0:ApiSecret"] = PaperSecret,
            ["PaperExchange:Accounts:0:Balances:USDT"] = "1000000",
            ["PaperExchange:PriceMode"] = "Fixed",
        }));

    public Task StartRouterAsync(ApiHarness api) => StartAsync(api, builder => builder.AddSignalRouter());

    public Task StartExecutorAsync(ApiHarness api, RedisServerFixture redis) => StartAsync(api, builder => builder.AddSignalExecutor(), new Dictionary<string, string?>
    {
        ["Secrets:MasterKey"] = api.MasterKey,
        ["Exchange:Paper:BaseUrl"] = Paper.BaseUrl.ToString().TrimEnd('/'),
        ["Exchange:Paper:ApiKey"] = PaperKey,
        ["Exchange:Paper:ApiSecret"] = PaperSecret,
        ["Redis:Configuration"] = redis.Configuration,
        ["Executor:RedisKeyPrefix"] = api.Kafka.NewName("exec") + ":",
        ["Streams:StateDir"] = TestStreams.NewStateDir(),
        ["Streams:Consumer:session.timeout.ms"] = "6000",
        ["Streams:Consumer:heartbeat.interval.ms"] = "1000",
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.StopAsync();
            host.Dispose();
        }

        await Paper.DisposeAsync();
    }

    private async Task StartAsync(ApiHarness api, Action<HostApplicationBuilder> add, Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = api.Kafka.BootstrapServers,
            ["Kafka:TopicPrefix"] = api.Topics.Prefix,
            ["Kafka:Provisioning"] = "Verify",
            ["Executor:ApplicationId"] = api.Kafka.NewName("executor"),
            ["Executor:Consumer:session.timeout.ms"] = "6000",
            ["Executor:Consumer:heartbeat.interval.ms"] = "1000",
        }.With();
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        add(builder);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Eventually.UntilAsync(async () => (await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Status == HealthStatus.Healthy, "the hosted service reports ready");
    }
}

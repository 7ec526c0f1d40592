using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Hosting;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalRouter;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The executor (and optionally the router) hosted in-process as the services run, on a fresh topic prefix, with an
/// in-process paper exchange serving both the paper base URL and the "Binance" base URLs. Every test symbol
/// (<see cref="NewSymbol"/>) trades at 100 USDT with 0.1% slippage, so each test owns its symbol and its users
/// (restricted to that symbol) and fan-outs of different tests never meet. The services' settings come from
/// <see cref="ExecutionTestSettings"/>, as ExecutionWorld's do: this harness is for behaviour seen through in-process
/// hosts (restarts, logs, HTTP endpoints); ExecutionWorld is for faults that need processes a test can kill.
/// </summary>
public sealed class ExecutionSystem : IAsyncDisposable
{
    public const decimal SymbolPrice = 100m;
    public const decimal SlippagePercent = 0.1m;
    private const int SymbolCount = 40;

    /// <summary>A real-looking Binance key pair; the paper exchange knows it as a second account.</summary>
    public static readonly ApiCredentials LiveCredentials = new(
        "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
        "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _bootstrap;
    private int _symbols;
    private Dictionary<string, string?> _executorSettings = [];

    private ExecutionSystem(string bootstrap, TopicNames topics, PaperExchangeHost exchange, string masterKey, IProducer<string, byte[]> producer)
    {
        _bootstrap = bootstrap;
        Topics = topics;
        Exchange = exchange;
        MasterKey = masterKey;
        _producer = producer;
        Writer = new ContractRecordWriter(producer);
        Outputs = new ExecutionOutputs(bootstrap, topics, exchange);
    }

    public TopicNames Topics { get; }

    public PaperExchangeHost Exchange { get; }

    public string MasterKey { get; }

    /// <summary>Prefix of the executor's claim keys in Redis: <c>{prefix}{signalId}:{userId}</c>.</summary>
    public string RedisKeyPrefix { get; } = "exec-" + Guid.NewGuid().ToString("N")[..8] + ":";

    public ContractRecordWriter Writer { get; }

    public ExecutionOutputs Outputs { get; }

    public WebApplication Executor { get; private set; } = null!;

    public Uri ExecutorUrl { get; private set; } = null!;

    public CapturedLogs ExecutorLogs { get; } = new();

    public WebApplication? Router { get; private set; }

    public CapturedLogs RouterLogs { get; } = new();

    public TestInputs Inputs => new(this);

    /// <summary>Starts the paper exchange, the executor and (when <paramref name="withRouter"/>) the router, and waits until both are ready.</summary>
    /// <param name="kafka">The collection's mock cluster; a fresh topic prefix is taken from it.</param>
    /// <param name="redisConfiguration">The executor's <c>Redis:Configuration</c>.</param>
    /// <param name="withRouter">Also host the router, so signals are fanned out.</param>
    /// <param name="paper">Paper exchange settings that replace the defaults (e.g. <c>PaperExchange:FillLatencyMs</c>).</param>
    /// <param name="executorSettings">Executor settings that replace the defaults (e.g. <c>Exchange:Client:OrderTimeout</c>).</param>
    public static async Task<ExecutionSystem> StartAsync(
        KafkaClusterFixture kafka,
        string redisConfiguration,
        bool withRouter,
        IReadOnlyDictionary<string, string?>? paper = null,
        IReadOnlyDictionary<string, string?>? executorSettings = null)
    {
        var topics = kafka.NewTopics();
        var paperSettings = PaperSettings();
        foreach (var (key, value) in paper ?? new Dictionary<string, string?>())
        {
            paperSettings[key] = value;
        }

        var exchange = await PaperExchangeApp.StartAsync(paperSettings);
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var system = new ExecutionSystem(kafka.BootstrapServers, topics, exchange, masterKey, kafka.ClientFactory(topics.Prefix).CreateProducer(kafka.NewName("exec-tests")));
        var executor = ExecutionTestSettings.Executor(kafka.BootstrapServers, topics.Prefix, redisConfiguration, system.RedisKeyPrefix, masterKey, exchange.BaseUrl);
        executor["Streams:StateDir"] = TestStreams.NewStateDir();
        executor["Executor:ClaimLeaseSeconds"] = "30";
        executor["Executor:ReconcileIntervalMs"] = "1000";
        executor["Executor:ReconcileGraceMs"] = "3000";
        foreach (var (key, value) in executorSettings ?? new Dictionary<string, string?>())
        {
            executor[key] = value;
        }

        system._executorSettings = executor;
        (system.Executor, system.ExecutorUrl) = await StartHostAsync(executor, system.ExecutorLogs, b => b.AddSignalExecutor());
        if (withRouter)
        {
            var router = ExecutionTestSettings.Router(kafka.BootstrapServers, topics.Prefix);
            router["Router:ExpiryCheckIntervalMs"] = "200";
            router["Router:FinishedSignalRetentionHours"] = "24";
            (system.Router, var routerUrl) = await StartHostAsync(router, system.RouterLogs, b => b.AddSignalRouter());
            await system.UntilReadyAsync(routerUrl, "the router");
        }

        await system.UntilReadyAsync(system.ExecutorUrl, "the executor");
        return system;
    }

    /// <summary>
    /// Stops the executor and starts it again, keeping its state directory (RocksDB: restores only what it missed) or
    /// with a new, empty one (restores everything from the changelogs); waits until it is ready.
    /// </summary>
    public async Task RestartExecutorAsync(bool keepStateDirectory)
    {
        await Executor.StopAsync();
        await Executor.DisposeAsync();
        if (!keepStateDirectory)
        {
            _executorSettings["Streams:StateDir"] = TestStreams.NewStateDir();
        }

        (Executor, ExecutorUrl) = await StartHostAsync(_executorSettings, ExecutorLogs, b => b.AddSignalExecutor());
        await UntilReadyAsync(ExecutorUrl, "the restarted executor");
    }

    /// <summary>A symbol no other test of this system trades; users of a test subscribe to it alone.</summary>
    public string NewSymbol()
    {
        var n = Interlocked.Increment(ref _symbols);
        return n <= SymbolCount ? Symbol(n) : throw new InvalidOperationException($"Only {SymbolCount} test symbols are configured.");
    }

    /// <summary>The executor's <c>/health/ready</c> answer: HTTP status and the JSON body.</summary>
    public async Task<(int Status, JsonDocument Body)> ExecutorReadinessAsync()
    {
        using var response = await _http.GetAsync(new Uri(ExecutorUrl, "/health/ready"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The sum of every series of <paramref name="metric"/> on the executor's <c>/metrics</c> (0 when absent).</summary>
    public async Task<double> ExecutorMetricAsync(string metric)
    {
        var text = await _http.GetStringAsync(new Uri(ExecutorUrl, "/metrics"));
        return PrometheusText.Parse(text).Sum(metric);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { Router, Executor }.OfType<WebApplication>())
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        await Exchange.DisposeAsync();
        _producer.Dispose();
        _http.Dispose();
    }

    internal string Bootstrap => _bootstrap;

    private static async Task<(WebApplication App, Uri Url)> StartHostAsync(Dictionary<string, string?> settings, CapturedLogs logs, Action<WebApplicationBuilder> addService)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("SignalStreams.SignalExecutor", LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        addService(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    private async Task UntilReadyAsync(Uri baseUrl, string what) =>
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync(new Uri(baseUrl, "/health/ready"));
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "Healthy";
            },
            what + " reports ready (partitions assigned and restored, tables loaded)");

    private static string Symbol(int n) => string.Create(CultureInfo.InvariantCulture, $"X{n:00}USDT");

    internal static Dictionary<string, string?> PaperSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["PaperExchange:PriceMode"] = "Fixed",
            ["PaperExchange:SlippagePercent"] = SlippagePercent.ToString(CultureInfo.InvariantCulture),
            ["PaperExchange:Accounts:0:ApiKey"] = "paper-demo-key",
            ["PaperExchange:Accounts:0:ApiSecret"] = "paper-demo-secret",
            ["PaperExchange:Accounts:0:Balances:USDT"] = "100000000",
            ["PaperExchange:Accounts:1:ApiKey"] = LiveCredentials.ApiKey,
            ["PaperExchange:Accounts:1:ApiSecret"] = LiveCredentials.ApiSecret,
            ["PaperExchange:Accounts:1:Balances:USDT"] = "100000000",
        };
        for (var n = 1; n <= SymbolCount; n++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"PaperExchange:Symbols:{n - 1}:");
            settings[prefix + "Symbol"] = Symbol(n);
            settings[prefix + "BaseAsset"] = Symbol(n)[..^4];
            settings[prefix + "QuoteAsset"] = "USDT";
            settings[prefix + "Price"] = SymbolPrice.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "TickSize"] = "0.01";
            settings[prefix + "SpotStepSize"] = "0.001";
            settings[prefix + "SpotMinQty"] = "0.001";
            settings[prefix + "FuturesStepSize"] = "0.001";
            settings[prefix + "FuturesMinQty"] = "0.001";
            settings[prefix + "FuturesMinNotional"] = "5";
            settings[prefix + "MaxLeverage"] = "20";
        }

        return settings;
    }
}

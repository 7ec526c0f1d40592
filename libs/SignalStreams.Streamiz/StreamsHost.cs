using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.Streamiz;

/// <summary>
/// Runs one Streamiz application for the host's lifetime. Healthy (so <c>/health/ready</c>) only while RUNNING,
/// which Streamiz reaches after every store is restored and the global tables have caught up. A stream that goes
/// to ERROR (a missing topic, a fatal client error, a processor that throws) stops the process with exit code 1:
/// an orchestrator restarts it, and the state directory keeps the restart cheap.
/// </summary>
public sealed class StreamsHost : IHostedService, IHealthCheck, IDisposable
{
    private readonly string _applicationId;
    private readonly Action<StreamBuilder> _build;
    private readonly StreamsOptions _options;
    private readonly KafkaClientFactory _clients;
    private readonly StreamizKafkaSupplier _supplier;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Counter<long> _restored;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Partition, string Store), byte> _restoring = new();
    private readonly string _baseApplicationId;
    private readonly StreamsRuntime _runtime;
    private readonly IMeterFactory _meterFactory;
    private ConsumerLag? _lag;
    private KafkaStream? _stream;
    private volatile string _state = "CREATED";

    public StreamsHost(
        string applicationId,
        Action<StreamBuilder> build,
        IOptions<StreamsOptions> options,
        TopicNames topics,
        KafkaClientFactory clients,
        DurabilityBarrier barrier,
        StreamsRuntime runtime,
        IHostApplicationLifetime lifetime,
        IMeterFactory meterFactory,
        ILoggerFactory loggerFactory)
    {
        _baseApplicationId = applicationId;
        _runtime = runtime;
        _meterFactory = meterFactory;
        _restored = meterFactory.Create(MeterName).CreateCounter<long>(
            "signal_streams.streams.restored_records",
            "{record}",
            "Records a store restored from its changelog at start or after a rebalance; near 0 when the state directory was kept.");
        // Internal topics are named {applicationId}-{store}-changelog: with the topic prefix in front of the
        // application id, they carry the prefix like every other topic of the catalog.
        _applicationId = topics.Name(applicationId);
        _build = build;
        _options = options.Value;
        _clients = clients;
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("SignalStreams.Streamiz." + applicationId);
        _supplier = new StreamizKafkaSupplier(clients, _options, barrier);
    }

    /// <summary>Meter of the Streamiz applications' own figures.</summary>
    public const string MeterName = "SignalStreams.Streams";

    public string ApplicationId => _applicationId;

    /// <summary>RUNNING with no store restore in progress: what <c>/health/ready</c> reports.</summary>
    public bool IsRunning => _state == "RUNNING" && _restoring.IsEmpty;

    /// <summary>The stream's state as Streamiz names it (CREATED, REBALANCING, RUNNING, ERROR, ...).</summary>
    public string State => _state;

    /// <summary>
    /// A global table's store for reading outside the tasks (diagnostics, tests, views): null until the
    /// application is RUNNING.
    /// </summary>
    public IReadOnlyKeyValueStore<string, ValueAndTimestamp<byte[]>>? GlobalStore(string storeName)
    {
        if (_stream is null || _state != "RUNNING")
        {
            return null;
        }

        try
        {
            return _stream.Store(StoreQueryParameters.FromNameAndType(storeName, QueryableStoreTypes.TimestampedKeyValueStore<string, byte[]>()));
        }
        catch (Exception e) when (e is InvalidOperationException or global::Streamiz.Kafka.Net.Errors.InvalidStateStoreException)
        {
            return null;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StreamizLogging.Instance.Register(_loggerFactory);
        var config = Configure();
        var builder = new StreamBuilder();
        _build(builder);
        var topology = builder.Build();
        _stream = new KafkaStream(topology, config, _supplier);
        _stream.StateChanged += (old, now) =>
        {
            _state = now.ToString();
            _logger.LogInformation("Streams application {ApplicationId}: {Old} -> {New}", _applicationId, old, now);
            if (now == KafkaStream.State.ERROR)
            {
                _logger.LogCritical("Streams application {ApplicationId} failed (see the errors above); stopping the process so that it restarts", _applicationId);
                Environment.ExitCode = 1;
                _lifetime.StopApplication();
            }
        };
        // Streamiz can report RUNNING while a store is still being restored (measured with 1,000,000 records):
        // readiness also waits until every restore that started has ended.
        _stream.OnRestoreStartEvent += (partition, store, _, _) => _restoring[(partition.ToString(), store)] = 0;
        _stream.OnRestoreEndEvent += (partition, store, total) =>
        {
            _restoring.TryRemove((partition.ToString(), store), out _);
            _restored.Add(total, new KeyValuePair<string, object?>("store", store));
            _logger.LogInformation("Restored {Total} records of store {Store} from {Partition}", total, store, partition);
        };
        _lag = new ConsumerLag(_applicationId, _baseApplicationId, _runtime, _clients, _meterFactory, _logger);
        await _stream.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Dispose closes the threads: the producer is flushed and the offsets of processed records committed.
        // With Kafka unreachable that can wait forever: the host stops waiting at its shutdown timeout and says so
        // (Streamiz's threads may then keep the process until the orchestrator kills it; the records after the
        // last commit are handled again by the next owner: at-least-once).
        var stream = _stream;
        _stream = null;
        if (stream is not null)
        {
            try
            {
                await Task.Run(stream.Dispose, CancellationToken.None).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _logger.LogCritical("Streams application {ApplicationId} did not close within the shutdown timeout (is Kafka reachable?); stopping without its last commit", _applicationId);
            }
        }

        _lag?.Dispose();
        _lag = null;
        StreamizLogging.Instance.Unregister(_loggerFactory);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _lag?.Dispose();
        _lag = null;
        StreamizLogging.Instance.Unregister(_loggerFactory);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsRunning
            ? HealthCheckResult.Healthy($"{_applicationId} is RUNNING")
            : HealthCheckResult.Unhealthy($"{_applicationId} is {_state} (ready once its stores are restored and its tables loaded)"));

    private StreamConfig<StringSerDes, ByteArraySerDes> Configure()
    {
        var config = new StreamConfig<StringSerDes, ByteArraySerDes>
        {
            ApplicationId = _applicationId,
            ClientId = _applicationId,
            BootstrapServers = _clients.Options.BootstrapServers,
            StateDir = Path.GetFullPath(_options.StateDir),
            NumStreamThreads = _options.NumStreamThreads,
            PollMs = _options.PollMs,
            Logger = StreamizLogging.Instance,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
        };

        // Setting the guarantee resets the commit interval (Streamiz): guarantee first.
        config.Guarantee = _options.Guarantee == "EXACTLY_ONCE" ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE;
        config.CommitIntervalMs = _options.CommitIntervalMs;
        return config;
    }
}

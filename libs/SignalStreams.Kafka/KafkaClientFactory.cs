using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SignalStreams.Kafka;

/// <summary>
/// The one place that turns <see cref="KafkaOptions"/> into client configuration. Every producer uses the
/// Java-compatible partitioner (<c>murmur2_random</c>), <c>acks=all</c> and idempotence, so that clients in any
/// language agree on partitions and a retried send is never duplicated.
/// </summary>
public sealed class KafkaClientFactory(IOptions<KafkaOptions> options, ILoggerFactory loggerFactory)
{
    private readonly KafkaOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger("SignalStreams.Kafka.Client");

    /// <summary>
    /// The librdkafka version the clients run on. Every client of the project is built here, so loading the
    /// packaged librdkafka at construction covers hosts without the DI registration too.
    /// </summary>
    public string LibrdkafkaVersion { get; } = KafkaNativeLibrary.EnsureLoaded();

    public KafkaOptions Options => _options;

    public ProducerConfig ProducerConfig(string clientId)
    {
        var config = new ProducerConfig();
        Apply(config, clientId);
        config.Partitioner = Partitioner.Murmur2Random;
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.MaxInFlight = 5;
        config.LingerMs ??= 5;
        config.MessageTimeoutMs ??= 30_000;
        return config;
    }

    public ConsumerConfig ConsumerConfig(string groupId, string clientId)
    {
        var config = new ConsumerConfig();
        Apply(config, clientId);
        config.GroupId = groupId;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        config.IsolationLevel ??= IsolationLevel.ReadCommitted;
        return config;
    }

    public AdminClientConfig AdminConfig(string clientId)
    {
        var config = new AdminClientConfig();
        Apply(config, clientId);
        return config;
    }

    public IProducer<string, byte[]> CreateProducer(string clientId) =>
        new ProducerBuilder<string, byte[]>(ProducerConfig(clientId))
            .SetLogHandler((_, message) => Log(message))
            .SetErrorHandler((_, error) => LogError(clientId, error))
            .Build();

    public ConsumerBuilder<string?, byte[]?> ConsumerBuilder(ConsumerConfig config) =>
        new ConsumerBuilder<string?, byte[]?>(config)
            .SetKeyDeserializer(NullableUtf8Deserializer.Instance)
            .SetValueDeserializer(Deserializers.ByteArray)
            .SetLogHandler((_, message) => Log(message))
            .SetErrorHandler((_, error) => LogError(config.ClientId, error));

    private void Apply(ClientConfig config, string clientId)
    {
        foreach (var (key, value) in _options.Client)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = _options.BootstrapServers;
        config.ClientId = clientId;
    }

    /// <summary>A librdkafka log line at the matching level (every client of the project, Streamiz's too).</summary>
    public void Log(LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        _logger.Log(level, "librdkafka {Facility} {Client}: {Message}", message.Facility, message.Name, message.Message);
    }

    /// <summary>A client error: fatal ones as critical, transient ones (retried by librdkafka) as warnings.</summary>
    public void LogError(string? clientId, Error error)
    {
        if (error.IsFatal)
        {
            _logger.LogCritical("Kafka client {Client} hit a fatal error {Code}: {Reason}", clientId, error.Code, error.Reason);
        }
        else
        {
            // Transient broker errors (a broker down, a leader moving) are retried by librdkafka itself.
            _logger.LogWarning("Kafka client {Client}: {Code} {Reason}", clientId, error.Code, error.Reason);
        }
    }
}

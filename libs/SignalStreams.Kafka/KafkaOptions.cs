using System.ComponentModel.DataAnnotations;

namespace SignalStreams.Kafka;

/// <summary>The <c>Kafka</c> configuration section (CONTRACT.md §6).</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Kafka:BootstrapServers is required: set it in appsettings.json or as the environment variable Kafka__BootstrapServers.")]
    public string BootstrapServers { get; set; } = "";

    /// <summary>Prefix of every topic name, for sharing one cluster between environments.</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>
    /// librdkafka properties passed through as they are (<c>Kafka:Client:security.protocol</c>,
    /// <c>Kafka:Client:sasl.mechanism</c>, ...). The contract's delivery settings are applied after them and win.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What a service does about its topics at start.</summary>
    public TopicProvisioningMode Provisioning { get; set; } = TopicProvisioningMode.Create;

    /// <summary>How long provisioning may take before the service refuses to start.</summary>
    [Range(1, 600)]
    public int ProvisioningTimeoutSeconds { get; set; } = 30;

    /// <summary>Replication factor for created topics; -1 = the broker's default.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary><c>min.insync.replicas</c> for created topics; null = the broker's default.</summary>
    public int? MinInsyncReplicas { get; set; }
}

/// <summary>How a service makes sure its topics exist.</summary>
public enum TopicProvisioningMode
{
    /// <summary>Create missing topics through the Admin API (real clusters), then verify partition counts.</summary>
    Create,

    /// <summary>Only check that every topic exists (the dev cluster creates its topics itself).</summary>
    Verify,

    /// <summary>Do nothing.</summary>
    Off,
}

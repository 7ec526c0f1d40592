namespace SignalStreams.Kafka;

/// <summary>The meter every Kafka-side instrument of signal-streams lives on.</summary>
public static class KafkaMetrics
{
    public const string MeterName = "SignalStreams.Kafka";
}

namespace SignalStreams.Kafka.Mock;

/// <summary>
/// One request a broker of the mock cluster received while request tracking was on: which broker, which request
/// type (an <see cref="KafkaApiKey"/> value, or another protocol key), and when (librdkafka's monotonic clock, µs).
/// </summary>
public sealed record MockKafkaRequest(int BrokerId, KafkaApiKey ApiKey, long TimestampMicroseconds);

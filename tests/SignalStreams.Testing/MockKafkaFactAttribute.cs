namespace SignalStreams.Testing;

/// <summary>
/// A fact that injects faults through the mock cluster: it runs on the default mock and is skipped, with the
/// reason, when <c>SIGNAL_STREAMS_TEST_KAFKA</c> points the tests at an external Kafka.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MockKafkaFactAttribute : FactAttribute
{
    public MockKafkaFactAttribute()
    {
        if (!TestKafka.UsesMock)
        {
            Skip = TestKafka.WithoutMockReason;
        }
    }
}

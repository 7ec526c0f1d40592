namespace SignalStreams.Testing;

/// <summary>The theory form of <see cref="MockKafkaFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MockKafkaTheoryAttribute : TheoryAttribute
{
    public MockKafkaTheoryAttribute()
    {
        if (!TestKafka.UsesMock)
        {
            Skip = TestKafka.WithoutMockReason;
        }
    }
}

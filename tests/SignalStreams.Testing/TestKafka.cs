namespace SignalStreams.Testing;

/// <summary>
/// Which Kafka the tests and benchmarks of this process use, from the one environment variable
/// <c>SIGNAL_STREAMS_TEST_KAFKA</c>: unset or empty = librdkafka's mock cluster started in-process (with fault
/// injection); <c>host:port[,host:port...]</c> = an external cluster (a real one, or a separately started
/// <c>scripts/dev-kafka.sh</c>); <c>testcontainers</c> = Apache Kafka started with Testcontainers (needs a Docker engine).
/// </summary>
public static class TestKafka
{
    public const string VariableName = "SIGNAL_STREAMS_TEST_KAFKA";

    /// <summary>The value that starts Apache Kafka in a container.</summary>
    public const string TestcontainersValue = "testcontainers";

    /// <summary>Why a test that needs the mock's fault injection does not run on an external cluster.</summary>
    public static readonly string WithoutMockReason =
        $"needs the mock cluster's fault injection (brokers down, request errors, leaders, request tracking), and {VariableName} points the tests at an external Kafka";

    public static string? Setting { get; } = Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>True when the tests start librdkafka's mock cluster in-process (the default).</summary>
    public static bool UsesMock => Setting is null;

    public static bool UsesTestcontainers => string.Equals(Setting, TestcontainersValue, StringComparison.OrdinalIgnoreCase);
}

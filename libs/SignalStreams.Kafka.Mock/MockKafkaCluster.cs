using System.Runtime.InteropServices;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka.Mock;

/// <summary>
/// librdkafka's mock cluster hosted in this process: a Kafka broker set that speaks the real wire protocol on
/// 127.0.0.1, so any client (Confluent.Kafka, kcat, another process) can use it. It does not compact, has no
/// admin CreateTopics and no real transactions; topics are created here through the mock API.
/// The cluster lives as long as this object.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private int _disposed;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster returned no bootstrap servers.");
    }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Broker ids run from 1 to <see cref="BrokerCount"/>.</summary>
    public IEnumerable<int> BrokerIds => Enumerable.Range(1, BrokerCount);

    public static MockKafkaCluster Start(int brokerCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brokerCount);
        var errors = new byte[512];
        var conf = NativeMethods.ConfNew();
        // The owning handle never connects anywhere; keep its start-up notices out of the output.
        NativeMethods.ConfSet(conf, "log_level", "3", errors, (nuint)errors.Length);
        var handle = NativeMethods.KafkaNew(NativeMethods.ProducerType, conf, errors, (nuint)errors.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka could not create the mock cluster's handle: {Text(errors)}");
        }

        var cluster = NativeMethods.MockClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            NativeMethods.KafkaDestroy(handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }

        return new MockKafkaCluster(handle, cluster, brokerCount);
    }

    /// <summary>Creates a topic; a topic that already exists is left as it is.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var error = NativeMethods.MockTopicCreate(_cluster, topic, partitions, Math.Min(replicationFactor, BrokerCount));
        // 36 = TOPIC_ALREADY_EXISTS: creating again is a no-op, which makes provisioning idempotent.
        if (error is not 0 and not 36)
        {
            throw new InvalidOperationException($"Could not create topic '{topic}': {ErrorText(error)}.");
        }
    }

    /// <summary>Creates every contract topic (and its DLQ) with the prefix of <paramref name="names"/>.</summary>
    public void CreateTopics(TopicNames names)
    {
        foreach (var spec in names.All())
        {
            CreateTopic(spec.BaseName, spec.Partitions, Math.Min(3, BrokerCount));
        }
    }

    /// <summary>Takes a broker down: its connections close and it accepts none until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(NativeMethods.MockBrokerSetDown(_cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(NativeMethods.MockBrokerSetUp(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Takes every broker down (the whole cluster unreachable).</summary>
    public void SetAllBrokersDown()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerDown(id);
        }
    }

    public void SetAllBrokersUp()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>Adds round-trip latency to every response of a broker.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(NativeMethods.MockBrokerSetRtt(_cluster, brokerId, (int)rtt.TotalMilliseconds), $"set broker {brokerId} rtt");

    /// <summary>The next requests of type <paramref name="apiKey"/> fail with these Kafka error codes, one each, in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params int[] errorCodes) =>
        NativeMethods.MockPushRequestErrorsArray(_cluster, (short)apiKey, (nuint)errorCodes.Length, errorCodes);

    /// <summary>
    /// The next request of type <paramref name="apiKey"/> that broker <paramref name="brokerId"/> receives fails with
    /// <paramref name="errorCode"/> (other brokers are unaffected): with <see cref="SetPartitionLeader"/> this fails
    /// one topic's writes and no other's.
    /// </summary>
    public void PushBrokerRequestError(int brokerId, KafkaApiKey apiKey, int errorCode) =>
        Check(NativeMethods.MockBrokerPushRequestErrorRtt(_cluster, brokerId, (short)apiKey, 1, errorCode, 0), $"push an error on broker {brokerId}");

    public void ClearRequestErrors(KafkaApiKey apiKey) => NativeMethods.MockClearRequestErrors(_cluster, (short)apiKey);

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(NativeMethods.MockPartitionSetLeader(_cluster, topic, partition, brokerId), $"move the leader of {topic}[{partition}]");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        NativeMethods.MockClusterDestroy(_cluster);
        NativeMethods.KafkaDestroy(_handle);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Could not {what}: {ErrorText(error)}.");
        }
    }

    private static string ErrorText(int error) => Marshal.PtrToStringUTF8(NativeMethods.ErrorToString(error)) ?? $"error {error}";

    private static string Text(byte[] buffer) => Encoding.UTF8.GetString(buffer).TrimEnd('\0');
}

using System.Runtime.InteropServices;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.Kafka.Mock;

/// <summary>
/// librdkafka's mock cluster (librdkafka 2.16, from the <c>librdkafka.redist</c> package) hosted in this process: a
/// Kafka broker set that speaks the real wire protocol on 127.0.0.1, so any client (Confluent.Kafka, kcat, another
/// process) can use it. It does not compact, has no admin CreateTopics and no real transactions; topics are created
/// here through the mock API. Fault injection: brokers down/up, decommissioned/added, latency, request errors per
/// cluster, broker or partition, and request tracking to count what clients sent. The cluster lives as long as
/// this object.
/// </summary>
public sealed partial class MockKafkaCluster : IDisposable
{
    private const int TopicAlreadyExists = 36;

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly SortedSet<int> _brokers;
    private readonly Lock _gate = new();
    private int _disposed;

    private MockKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        _brokers = [.. Enumerable.Range(1, brokerCount)];
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster returned no bootstrap servers.");
    }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers it started with.</summary>
    public string BootstrapServers { get; }

    /// <summary>The brokers in the cluster now (ids from 1 at start; <see cref="DecommissionBroker"/> and <see cref="AddBroker"/> change it).</summary>
    public IReadOnlyCollection<int> BrokerIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _brokers];
            }
        }
    }

    public int BrokerCount => BrokerIds.Count;

    /// <summary>The librdkafka version the mock runs on (the packaged one: 2.16.x).</summary>
    public static string LibrdkafkaVersion => Marshal.PtrToStringUTF8(NativeMethods.VersionString()) ?? "";

    /// <summary>
    /// Starts <paramref name="brokerCount"/> brokers. A first consumer-group join completes at once (the broker
    /// setting <c>group.initial.rebalance.delay.ms</c> is 0 instead of 3 s), as tests and the dev cluster want.
    /// </summary>
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

        NativeMethods.MockGroupInitialRebalanceDelayMs(cluster, 0);
        return new MockKafkaCluster(handle, cluster, brokerCount);
    }

    /// <summary>Creates a topic; a topic that already exists is left as it is.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var error = NativeMethods.MockTopicCreate(_cluster, topic, partitions, Math.Min(replicationFactor, BrokerCount));
        // Creating again is a no-op, which makes provisioning idempotent.
        if (error is not 0 and not TopicAlreadyExists)
        {
            throw new InvalidOperationException($"Could not create topic '{topic}': {ErrorText(error)}.");
        }
    }

    /// <summary>Creates every topic of the catalog (contract, DLQ and internal ones) with the prefix of <paramref name="names"/>.</summary>
    public void CreateTopics(TopicNames names) => CreateTopics(names.All());

    public void CreateTopics(IEnumerable<TopicSpec> topics)
    {
        foreach (var spec in topics)
        {
            CreateTopic(spec.BaseName, spec.Partitions, Math.Min(3, BrokerCount));
        }
    }

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

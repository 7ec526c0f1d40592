using System.Runtime.InteropServices;

namespace SignalStreams.Kafka.Mock;

/// <summary>Request faults (per cluster, broker or partition) and request tracking.</summary>
public sealed partial class MockKafkaCluster
{
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

    /// <summary>
    /// The next requests of type <paramref name="apiKey"/> that touch <paramref name="topic"/>[<paramref name="partition"/>]
    /// get these error codes as that partition's error, one per request, in order; other partitions in the same
    /// request succeed. Cluster and broker errors take precedence.
    /// </summary>
    public void PushPartitionRequestErrors(string topic, int partition, KafkaApiKey apiKey, params int[] errorCodes)
    {
        foreach (var errorCode in errorCodes)
        {
            Check(NativeMethods.MockPartitionPushRequestError(_cluster, topic, partition, (short)apiKey, 1, errorCode), $"push an error on {topic}[{partition}]");
        }
    }

    public void ClearRequestErrors(KafkaApiKey apiKey) => NativeMethods.MockClearRequestErrors(_cluster, (short)apiKey);

    /// <summary>Starts recording every request the brokers receive (see <see cref="TrackedRequests"/>).</summary>
    public void StartRequestTracking() => NativeMethods.MockStartRequestTracking(_cluster);

    /// <summary>
    /// Stops recording and forgets what was recorded (librdkafka 2.16 clears the list here, whatever its header
    /// says): read <see cref="TrackedRequests"/> first.
    /// </summary>
    public void StopRequestTracking() => NativeMethods.MockStopRequestTracking(_cluster);

    public void ClearTrackedRequests() => NativeMethods.MockClearRequests(_cluster);

    /// <summary>The requests recorded since tracking started (or was cleared), oldest first.</summary>
    public IReadOnlyList<MockKafkaRequest> TrackedRequests()
    {
        var array = NativeMethods.MockGetRequests(_cluster, out var count);
        if (array == IntPtr.Zero)
        {
            return [];
        }

        try
        {
            var requests = new List<MockKafkaRequest>((int)count);
            for (var i = 0; i < (int)count; i++)
            {
                var request = Marshal.ReadIntPtr(array, i * IntPtr.Size);
                requests.Add(new MockKafkaRequest(
                    NativeMethods.MockRequestBrokerId(request),
                    (KafkaApiKey)NativeMethods.MockRequestApiKey(request),
                    NativeMethods.MockRequestTimestamp(request)));
            }

            return requests;
        }
        finally
        {
            NativeMethods.MockRequestDestroyArray(array, count);
        }
    }

    /// <summary>How many requests of type <paramref name="apiKey"/> were recorded.</summary>
    public int CountTrackedRequests(KafkaApiKey apiKey) => TrackedRequests().Count(r => r.ApiKey == apiKey);
}

namespace SignalStreams.Kafka.Mock;

/// <summary>Broker faults: down/up, latency, decommission/add, leaders and the controller.</summary>
public sealed partial class MockKafkaCluster
{
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

    /// <summary>
    /// Removes a broker from the cluster for good: its connections close, it leaves the metadata, and the partitions
    /// it led or followed move to the remaining brokers (a scale-in or a lost machine, as clients see it).
    /// </summary>
    public void DecommissionBroker(int brokerId)
    {
        lock (_gate)
        {
            Check(NativeMethods.MockBrokerDecommission(_cluster, brokerId), $"decommission broker {brokerId}");
            _brokers.Remove(brokerId);
        }
    }

    /// <summary>
    /// Adds a broker with a new id: it appears in the metadata with its own listener, and partitions are reassigned
    /// over it too (a scale-out). The bootstrap list of <see cref="BootstrapServers"/> does not change.
    /// </summary>
    public void AddBroker(int brokerId)
    {
        lock (_gate)
        {
            Check(NativeMethods.MockBrokerAdd(_cluster, brokerId), $"add broker {brokerId}");
            _brokers.Add(brokerId);
        }
    }

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(NativeMethods.MockPartitionSetLeader(_cluster, topic, partition, brokerId), $"move the leader of {topic}[{partition}]");

    /// <summary>The controller id Metadata responses report; -1 reports that there is none.</summary>
    public void SetControllerId(int brokerId) => NativeMethods.MockSetControllerId(_cluster, brokerId);
}

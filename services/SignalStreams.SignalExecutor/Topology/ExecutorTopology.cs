using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// signal-executor on Streamiz, top to bottom: the global tables <c>signals</c>, <c>user-settings</c>,
/// <c>user-credentials</c>; the sources <c>execution-commands</c> and <c>execution-requests</c> (12 partitions each,
/// keyed by userId, co-partitioned, so task N holds partition N of both); one <see cref="ExecutionTask"/> per partition
/// with its RocksDB stores <c>executions</c> and <c>index</c> (changelogs <c>signal-executor-executions-changelog</c> and
/// <c>signal-executor-index-changelog</c>); sinks <c>signal-executions</c> and <c>positions</c> on the userId's
/// partition.
/// </summary>
public static class ExecutorTopology
{
    public const string ApplicationId = "signal-executor";
    public const string ExecutionsStore = "executions";
    public const string IndexStore = "index";

    public static void Build(StreamTopology topology, IServiceProvider services)
    {
        services.GetRequiredService<ContractTable<Signal>>().AddTo(topology);
        services.GetRequiredService<ContractTable<UserSettings>>().AddTo(topology);
        services.GetRequiredService<ContractTable<EncryptedCredentials>>().AddTo(topology);

        var commands = topology.Source(topology.Topics.ExecutionCommands);
        var requests = topology.Source(topology.Topics.ExecutionRequests);
        topology.Run(
            commands.Merge(requests, "attempts"),
            "execute",
            () => ActivatorUtilities.CreateInstance<ExecutionTask>(services),
            StreamTopology.Store(ExecutionsStore),
            StreamTopology.Store(IndexStore));
    }
}

using Microsoft.Extensions.Options;
using SignalStreams.Streamiz;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// mt5-ingest's Streamiz topology, top to bottom: <c>mt5-position-events</c> (6 partitions, key
/// <c>{accountId}:{positionId}</c>) → <see cref="PositionTask"/> per partition, with the RocksDB stores
/// <c>positions</c> and <c>position-timers</c> (changelogs <c>{applicationId}-positions-changelog</c>,
/// <c>{applicationId}-position-timers-changelog</c>) → <c>mt5-signal-mappings</c>, <c>telegram-mappings</c>,
/// <c>mt5-position-events</c> (a misrouted event, forwarded), <c>mt5-position-events.dlq</c>. The signal goes to
/// <c>signals</c> through the SDK's publisher; the message to Telegram.
/// </summary>
public static class PositionTopology
{
    public const string TaskName = "mt5-positions";

    public static void Build(StreamTopology topology, IServiceProvider services)
    {
        var events = topology.Source(topology.Topics.Mt5PositionEvents);
        var machine = PositionMachineFactory.Create(services);
        var timerInterval = TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<Mt5Options>>().Value.TimerIntervalMs);
        topology.Run(
            events,
            TaskName,
            () => ActivatorUtilities.CreateInstance<PositionTask>(services, machine, timerInterval),
            StreamTopology.Store(PositionTask.PositionsStore),
            StreamTopology.Store(PositionTask.TimersStore));
    }
}

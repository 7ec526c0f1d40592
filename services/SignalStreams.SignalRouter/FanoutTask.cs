using System.Globalization;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Streamiz;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.SignalRouter;

/// <summary>
/// One task per partition of <c>signals</c>: the first time a signal is seen executable (ACTIVE, or legacy
/// EXECUTED, before expiresAt) it sends one <c>execution-commands</c> record per user whose settings admit it,
/// keyed by userId, and one <c>execution-decisions</c> record (verdict filtered, stage router) per user whose settings do
/// not; a republished signal is not fanned out again. A timer publishes ACTIVE signals as EXPIRED once
/// expiresAt passes, and forgets finished signals after <c>Router:FinishedSignalRetentionHours</c>. CLOSED is terminal:
/// a later version with another status (its own EXPIRED racing the close, a stale writer) is answered by CLOSED again.
/// </summary>
/// <remarks>
/// The store remembers which record (offset) was fanned out. Streamiz commits that offset only after the commands
/// and the store's changelog are acknowledged; after a crash in between, the same record comes again and is fanned
/// out again, even if the restored store already says "fanned out" (the executor refuses the duplicates): commands
/// are never lost. EXPIRED is not remembered when sent but when it comes back on <c>signals</c>, so a lost one is
/// sent again.
/// <para>
/// The commands go out in the signal's own step; the filtered decisions of a large fan-out (more than
/// <c>Router:DecisionChunkSize</c>) are written by a timer, a chunk every <c>Router:DecisionIntervalMs</c>, so the next
/// signal's commands never wait behind thousands of decision records (measured: 11,000 decisions kept a one-user
/// signal's order waiting 290-580 ms, and the next signal behind it). A marker in <c>due</c> (kind <c>d</c>) is written with
/// the commands and deleted with the last chunk; after a crash in between, the users are judged again and every filtered
/// decision is written again (the same key, the fan-out's decidedAt, so a reader that keeps the latest decidedAt keeps
/// any later executor decision).
/// </para>
/// </remarks>
public sealed class FanoutTask(ContractTable<UserSettings> users, RouterOptions options, RouterMetrics metrics, ILogger logger) : IStreamTask
{
    public const string StoreName = "fanouts";

    /// <summary>Index of what is due when: <c>{unix ms, 13 digits}|{e = expire, r = retire}|{signalId}</c>.</summary>
    public const string DueStoreName = "due";

    private static readonly TimeSpan ExpiryResend = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _retention = TimeSpan.FromHours(options.FinishedSignalRetentionHours);
    private readonly Dictionary<string, DateTimeOffset> _expirySent = new(StringComparer.Ordinal);
    private readonly Queue<PendingDecisions> _decisions = new();
    private bool _markersRead;

    public void Init(StreamTaskContext context)
    {
        context.Schedule(TimeSpan.FromMilliseconds(options.ExpiryCheckIntervalMs), now => RunDue(context, now));
        context.Schedule(TimeSpan.FromMilliseconds(options.DecisionIntervalMs), _ => WriteDecisions(context));
    }

    public void Process(StreamTaskContext context, Record<string, byte[]> record)
    {
        var store = context.Store(StoreName);
        if (record.Value is null)
        {
            if (record.Key is not null)
            {
                store.Delete(record.Key);
            }

            return;
        }

        if (!context.TryRead(record, ContractsJsonContext.Default.Signal, SignalValidator.Validate, out var signal))
        {
            return;
        }

        if (record.Key != signal.SignalId)
        {
            context.DeadLetter(record, $"The record's key '{record.Key}' is not its signalId '{signal.SignalId}'; signals are keyed by signalId.");
            return;
        }

        var now = context.Now;
        var offset = record.TopicPartitionOffset.Offset.Value;
        var known = Read(store, signal.SignalId);
        if (known?.Signal.Status == SignalStatus.Closed && signal.Status != SignalStatus.Closed)
        {
            // CLOSED is terminal: an EXPIRED this router sent before it learnt of the close, or a stale writer, must not
            // hide it from the executors (they close followers' positions on it). The CLOSED version goes out again.
            context.Send(context.Topics.Signals, signal.SignalId, signal with { Status = SignalStatus.Closed }, ContractsJsonContext.Default.Signal, SchemaNames.Signal);
            logger.LogWarning("{SignalId} came back {Status} after it was CLOSED; CLOSED published again", signal.SignalId, signal.Status);
            return;
        }

        if (signal.IsExecutableAt(now) && (known?.FannedOutAt is null || known.FannedOutOffset == offset))
        {
            var recipients = FanOut(context, signal, now);
            Write(store, new FanoutState { Signal = signal, FannedOutAt = now, Recipients = recipients, FannedOutOffset = offset });
        }
        else
        {
            // A republished, expired, cancelled or late signal: remember its latest version, send nothing.
            Write(store, (known ?? new FanoutState { Signal = signal }) with { Signal = signal });
            if (signal.Status is not (SignalStatus.Active or SignalStatus.Executed))
            {
                _expirySent.Remove(signal.SignalId);
            }
        }

        if (known is null)
        {
            // Looked at when it expires: then it is either sent as EXPIRED or, already finished, scheduled to retire.
            context.Store(DueStoreName).Put(DueKey(signal.ExpiresAt, 'e', signal.SignalId), []);
        }
    }

    private int FanOut(StreamTaskContext context, Signal signal, DateTimeOffset now)
    {
        var (admitted, rejected) = Judge(context, signal);
        foreach (var userId in admitted)
        {
            var command = new ExecutionCommand { SignalId = signal.SignalId, UserId = userId, Signal = signal, Trigger = ExecutionTrigger.Fanout, IssuedAt = now };
            context.Send(context.Topics.ExecutionCommands, userId, command, ContractsJsonContext.Default.ExecutionCommand, SchemaNames.ExecutionCommand);
        }

        var recipients = admitted.Count;
        var considered = admitted.Count + rejected.Count;

        // The commands are with the producer before any decision is written; a large set of decisions is left to the
        // timer (see the remarks), behind a durable marker sent in this same step.
        var filtered = rejected.Count;
        var pending = new PendingDecisions(signal, now, DueKey(now, 'd', signal.SignalId), rejected);
        if (filtered <= options.DecisionChunkSize)
        {
            WriteChunk(context, pending, filtered);
        }
        else
        {
            context.Store(DueStoreName).Put(pending.Marker, []);
            _decisions.Enqueue(pending);
        }

        metrics.FannedOut(recipients);
        logger.LogInformation("Fanned out {SignalId} ({Symbol} {Side} {Strength}) to {Recipients} of {Users} users ({Filtered} filtered, each with a decision record)", signal.SignalId, signal.Symbol, signal.Side, signal.Strength, recipients, considered, filtered);
        return recipients;
    }

    private void RunDue(StreamTaskContext context, DateTimeOffset now)
    {
        var due = context.Store(DueStoreName);
        var store = context.Store(StoreName);
        var entries = new List<string>();
        using (var range = due.Range("0", DueKey(now, '~', "")))
        {
            while (range.MoveNext())
            {
                entries.Add(range.Current!.Value.Key);
            }
        }

        foreach (var entry in entries)
        {
            var kind = entry[14];
            if (kind == 'd')
            {
                continue; // decisions still to write: WriteDecisions deletes the marker
            }

            var signalId = entry[16..];
            var state = Read(store, signalId);
            if (state is null)
            {
                due.Delete(entry);
                continue;
            }

            var status = state.Signal.Status;
            var open = status is SignalStatus.Active or SignalStatus.Executed;
            if (kind == 'e' && open)
            {
                // Sent again every ExpiryResend until it comes back on signals (then it is no longer open).
                if (!_expirySent.TryGetValue(signalId, out var sent) || now - sent >= ExpiryResend)
                {
                    context.Send(context.Topics.Signals, signalId, state.Signal with { Status = SignalStatus.Expired }, ContractsJsonContext.Default.Signal, SchemaNames.Signal);
                    _expirySent[signalId] = now;
                    metrics.Expired();
                    logger.LogInformation("Expired {SignalId} at {ExpiresAt}", signalId, state.Signal.ExpiresAt);
                }

                continue;
            }

            due.Delete(entry);
            if (kind == 'e')
            {
                // Finished (expired, cancelled, closed): remembered for the retention, so a late duplicate is ignored.
                due.Put(DueKey(now + _retention, 'r', signalId), []);
                _expirySent.Remove(signalId);
            }
            else if (!open)
            {
                store.Delete(signalId);
            }
        }
    }

    /// <summary>One chunk of the oldest fan-out's filtered decisions; its marker goes with its last chunk.</summary>
    private void WriteDecisions(StreamTaskContext context)
    {
        if (!_markersRead)
        {
            _markersRead = true;
            RecoverDecisions(context);
        }

        if (!_decisions.TryPeek(out var pending))
        {
            return;
        }

        WriteChunk(context, pending, options.DecisionChunkSize);
        if (pending.Next == pending.Rejected.Count)
        {
            _decisions.Dequeue();
            context.Store(DueStoreName).Delete(pending.Marker);
        }
    }

    /// <summary>After a restart or a move of the partition: fan-outs whose decisions were not all written are judged again.</summary>
    private void RecoverDecisions(StreamTaskContext context)
    {
        var markers = new List<string>();
        foreach (var entry in context.Store(DueStoreName).All())
        {
            if (entry.Key is { Length: > 16 } key && key[14] == 'd')
            {
                markers.Add(key);
            }
        }

        foreach (var marker in markers)
        {
            if (Read(context.Store(StoreName), marker[16..]) is not { FannedOutAt: { } at } state)
            {
                context.Store(DueStoreName).Delete(marker);
                continue;
            }

            var rejected = Judge(context, state.Signal).Rejected;
            _decisions.Enqueue(new PendingDecisions(state.Signal, at, marker, rejected));
            logger.LogInformation("Writing the {Count} filtered decisions of {SignalId} again: the previous owner stopped before it had written them all", rejected.Count, state.Signal.SignalId);
        }
    }

    /// <summary>Every user with settings, judged for <paramref name="signal"/>: whom it reaches, and who is filtered and why.</summary>
    private (List<string> Admitted, List<(string UserId, UserSettings Settings, string Rejection)> Rejected) Judge(StreamTaskContext context, Signal signal)
    {
        var admitted = new List<string>();
        var rejected = new List<(string UserId, UserSettings Settings, string Rejection)>();
        foreach (var (userId, settings) in users.View(context).All())
        {
            if (settings.RejectionReason(signal) is { } rejection)
            {
                rejected.Add((userId, settings, rejection));
            }
            else
            {
                admitted.Add(userId);
            }
        }

        return (admitted, rejected);
    }

    private void WriteChunk(StreamTaskContext context, PendingDecisions pending, int size)
    {
        var partitions = context.Topics.PartitionsOf(context.Topics.ExecutionDecisions);
        var end = Math.Min(pending.Rejected.Count, pending.Next + size);
        for (; pending.Next < end; pending.Next++)
        {
            var (userId, settings, rejection) = pending.Rejected[pending.Next];
            metrics.Filtered(rejection);
            // The user's answer to "why did my bot not take it?"; never a SignalExecution (seed 000's rule).
            var decision = ExecutionDecisions.NotExecuted(DecisionVerdict.Filtered, rejection, DecisionStage.Router, ExecutionTrigger.Fanout, pending.Signal.SignalId, userId, pending.Signal, settings, pending.DecidedAt);
            context.Send(context.Topics.ExecutionDecisions, decision.Key, decision, ContractsJsonContext.Default.ExecutionDecisionRecord, SchemaNames.ExecutionDecision, Murmur2Partitioner.PartitionFor(userId, partitions));
        }
    }

    /// <summary>A fan-out's filtered users whose decisions are still to be written, from <see cref="Next"/> on.</summary>
    private sealed class PendingDecisions(Signal signal, DateTimeOffset decidedAt, string marker, List<(string UserId, UserSettings Settings, string Rejection)> rejected)
    {
        public Signal Signal { get; } = signal;

        public DateTimeOffset DecidedAt { get; } = decidedAt;

        public string Marker { get; } = marker;

        public List<(string UserId, UserSettings Settings, string Rejection)> Rejected { get; } = rejected;

        public int Next { get; set; }
    }

    private static string DueKey(DateTimeOffset at, char kind, string signalId) =>
        Math.Max(0, at.ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture) + "|" + kind + "|" + signalId;

    private static FanoutState? Read(IKeyValueStore<string, byte[]> store, string signalId) =>
        store.Get(signalId) is { } bytes ? JsonSerializer.Deserialize(bytes, RouterJsonContext.Default.FanoutState) : null;

    private static void Write(IKeyValueStore<string, byte[]> store, FanoutState state) =>
        store.Put(state.Signal.SignalId, JsonSerializer.SerializeToUtf8Bytes(state, RouterJsonContext.Default.FanoutState));
}

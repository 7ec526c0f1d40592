using SignalStreams.Contracts;
using SignalStreams.Exchange.Protection;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.SignalExecutor.UserData;

namespace SignalStreams.SignalExecutor.Topology;

/// <summary>
/// Noticing protective fills. The authority is the position's Check call (order queries within
/// <c>Executor:ProtectionCheckWeightPerMinute</c>); what changes is when it runs: at once when the user's data stream
/// names one of the position's orders (a hint, taken here on the task's thread like the dispatcher's answers), else
/// every <c>Executor:StreamedProtectionCheckIntervalMs</c> while the user's stream is live and every
/// <c>Executor:ProtectionCheckIntervalMs</c> while it is not (or streams are off).
/// </summary>
public sealed partial class ExecutionTask
{
    /// <summary>Pairs a hint asked to check that could not run yet (a call in flight, the budget spent): first in the next rounds.</summary>
    private readonly Dictionary<string, ProtectionKind?> _hinted = new(StringComparer.Ordinal);

    /// <summary>Whether the streams of the watched pairs this task restored were asked for (after a restart or a rebalance).</summary>
    private bool _streamsTracked;

    /// <summary>
    /// Fill detection by order queries: pairs a stream hinted at first (they may use the whole budget), then each open
    /// position with protective orders (index <c>o|</c>) that is due, leaving a quarter of the minute's budget to hints
    /// when streams are on (a check that does not fit waits for the next round).
    /// </summary>
    private void CheckProtection()
    {
        var now = time.GetUtcNow();
        if (!_streamsTracked)
        {
            TrackRestoredStreams();
        }

        foreach (var (key, kind) in _hinted.ToList())
        {
            _hinted.Remove(key);
            CheckNow(key, kind, now);
        }

        var keep = streams.Enabled ? checkBudget.PerMinute / 4 : 0;
        var refusedInARow = 0;
        foreach (var (key, due) in _index.WatchedPairs())
        {
            if (due > now || _hinted.ContainsKey(key))
            {
                continue;
            }

            if (Load(key) is not { Life.IsWatched: true } state)
            {
                _index.SetWatched(key, false, now);
                continue;
            }

            // With thousands of due positions and the budget spent, reading each one's state every round costs CPU for nothing.
            refusedInARow = TryCheck(state, null, now, keep) ? 0 : refusedInARow + 1;
            if (refusedInARow >= 50)
            {
                break;
            }
        }
    }

    /// <summary>The user data streams' hints for this partition's users.</summary>
    private void TakeHints()
    {
        var hints = streams.TakeHints(_context.Partition);
        if (hints.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var checkedNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hint in hints)
        {
            switch (hint.Kind)
            {
                case StreamHintKind.Order when PairOfOrder(hint.UserId, hint.ClientOrderId) is ({ } pair, var kind):
                    if (checkedNow.Add(pair))
                    {
                        CheckNow(pair, kind is ProtectionKind.StopLoss or ProtectionKind.TakeProfit ? kind : null, now);
                    }

                    break;
                case StreamHintKind.Reconnected:
                    // Events may have been lost while the stream was down: every watched position of the user is checked now.
                    foreach (var pair in WatchedPairsOf(hint.UserId).Where(checkedNow.Add))
                    {
                        CheckNow(pair, null, now);
                    }

                    break;
                case StreamHintKind.Down:
                    // Without a stream the user's positions are checked at the streamless interval again, from now on.
                    var soon = now + TimeSpan.FromMilliseconds(_options.ProtectionCheckIntervalMs);
                    foreach (var pair in WatchedPairsOf(hint.UserId))
                    {
                        if (_index.NextCheckOf(pair) is { } due && due > soon)
                        {
                            _index.NextCheck(pair, soon);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Checks the pair now if it is watched and the budget allows; else it stays owed, first in the next round.</summary>
    private void CheckNow(string key, ProtectionKind? hinted, DateTimeOffset now)
    {
        if (Load(key) is not { Life.IsWatched: true } state)
        {
            return;
        }

        if (!TryCheck(state, hinted, now, keep: 0))
        {
            // Two hints for different orders of one pair: the whole check asks about both.
            _hinted[key] = _hinted.TryGetValue(key, out var earlier) && earlier != hinted ? null : hinted;
        }
    }

    /// <summary>
    /// One Check call if the pair has none running and its weight fits the budget (keeping <paramref name="keep"/>):
    /// futures 2 (both algo orders), 1 when a stream named the order; spot 4 (the OCO's stop leg).
    /// </summary>
    private bool TryCheck(ExecutionState state, ProtectionKind? hinted, DateTimeOffset now, int keep)
    {
        var key = state.Key;
        if (dispatcher.IsInFlight(key))
        {
            return false;
        }

        var endpoint = exchanges.EndpointOf(state.Venue, state.Market);
        var weight = state.Market == MarketType.Spot ? 4 : hinted is null ? 2 : 1;
        if (!checkBudget.TryTake(endpoint, weight, keep))
        {
            return false;
        }

        metrics.CheckWeight(endpoint, weight);
        var interval = streams.IsLive(state.Record.UserId, state.Venue, state.Market) ? _options.StreamedProtectionCheckIntervalMs : _options.ProtectionCheckIntervalMs;
        _index.NextCheck(key, now + TimeSpan.FromMilliseconds(interval));
        Apply(key, new ExecutionEvent.CheckDue(now, CallInFlight: false, state.Market == MarketType.Futures ? hinted : null));
        return true;
    }

    /// <summary>The user's pair one of whose protective (or close) orders has <paramref name="clientOrderId"/>; its prefix names the kind.</summary>
    private (string? Pair, ProtectionKind Kind) PairOfOrder(string userId, string? clientOrderId)
    {
        if (clientOrderId is not { Length: > 3 })
        {
            return (null, default);
        }

        var kinds = clientOrderId[..3] switch
        {
            "sl-" => [ProtectionKind.StopLoss],
            "tp-" => [ProtectionKind.TakeProfit],
            "cl-" => [ProtectionKind.Close],
            "oc-" => new[] { ProtectionKind.Oco },
            _ => [],
        };
        foreach (var kind in kinds)
        {
            foreach (var signalId in _index.SignalsOfUser(userId))
            {
                var id = ProtectiveOrderIds.For(signalId, userId, kind);
                var (stopLeg, takeLeg) = kind == ProtectionKind.Oco ? ProtectiveOrderIds.OcoLegs(id) : (id, id);
                if (clientOrderId == id || clientOrderId == stopLeg || clientOrderId == takeLeg)
                {
                    return (ExecutionKeys.Of(signalId, userId), kind);
                }
            }
        }

        return (null, default);
    }

    private IEnumerable<string> WatchedPairsOf(string userId) =>
        _index.SignalsOfUser(userId).Select(signalId => ExecutionKeys.Of(signalId, userId)).Where(pair => _index.NextCheckOf(pair) is not null).ToList();

    /// <summary>After a restart or a rebalance the store holds watched positions whose users have no stream here yet.</summary>
    private void TrackRestoredStreams()
    {
        _streamsTracked = true;
        if (!streams.Enabled)
        {
            return;
        }

        foreach (var (key, _) in _index.WatchedPairs())
        {
            if (Load(key) is { Life.IsWatched: true } state)
            {
                streams.Track(_context.Partition, key, state.Record.UserId, state.Venue, state.Market, _credentials.Get(state.Record.UserId), watched: true);
            }
        }
    }
}

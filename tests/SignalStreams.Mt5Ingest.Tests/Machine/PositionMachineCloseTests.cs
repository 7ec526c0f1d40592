using SignalStreams.Contracts;
using SignalStreams.Redis;

namespace SignalStreams.Mt5Ingest.Tests.Machine;

/// <summary>REMOVED, retention and late events, on the pure machine.</summary>
public sealed class PositionMachineCloseTests
{
    private static readonly PositionEvent Opened = PositionEvents.Updated("acc-1", "3001", profit: -4.8m);
    private static readonly PositionEvent Removed = PositionEvents.Removed("acc-1", "3001", profit: 20m);

    [Fact]
    public void Removed_edits_the_message_to_closed_closes_the_signal_and_the_mapping()
    {
        var d = new MachineDriver();
        d.Event(Opened);
        d.Now += TimeSpan.FromMinutes(1);
        d.Event(Removed);

        Assert.Contains("CLOSED", Assert.Single(d.Edits), StringComparison.Ordinal);
        Assert.Equal(["mt5-acc-1-3001"], d.Closed);
        Assert.Equal((20m, d.Now), (d.State!.Mapping!.LastKnownProfit, d.State.Mapping.ClosedAt!.Value));
        Assert.Equal(MappingStatus.Completed, d.State.Mapping.Status);
    }

    [Fact]
    public void Removed_after_the_signal_expired_still_closes_it_since_its_followers_hold_positions()
    {
        var d = new MachineDriver();
        d.Event(Opened);
        d.Now += SignalDraft.DefaultLifetime;
        d.Event(Removed);

        Assert.Equal(["mt5-acc-1-3001"], d.Closed);
        Assert.Single(d.Edits);
    }

    [Fact]
    public void A_close_that_fails_to_publish_is_published_by_the_timer_until_acknowledged_even_after_a_restart()
    {
        var d = new MachineDriver();
        d.Event(Opened);
        d.CloseAnswers.Enqueue(false);
        d.Event(Removed);
        Assert.Empty(d.Closed);
        Assert.NotNull(d.State!.CloseSignalAt);

        d.Restart();
        d.CloseAnswers.Enqueue(false);
        d.Now += TimeSpan.FromSeconds(3);
        d.Tick();
        Assert.Empty(d.Closed);

        d.Now += TimeSpan.FromSeconds(3);
        d.Tick();
        Assert.Equal(["mt5-acc-1-3001"], d.Closed);
        Assert.Null(d.State!.CloseSignalAt);

        d.Now += TimeSpan.FromSeconds(3);
        d.Tick();
        Assert.Single(d.Closed);
        Assert.Single(d.Edits);
    }

    [Fact]
    public void Removed_before_completion_closes_a_signal_that_may_exist_and_a_late_update_opens_nothing()
    {
        var d = new MachineDriver();
        d.PublishAnswers.Enqueue(false);
        d.Event(Opened);
        d.Event(Removed);
        Assert.Equal(["mt5-acc-1-3001"], d.Closed);
        Assert.NotNull(d.State!.Mapping!.ClosedAt);
        Assert.Equal(MappingStatus.Failed, d.State.Mapping.Status);

        d.Event(Opened with { EventId = "evt-late", Profit = 5m });

        Assert.Empty(d.Published);
        Assert.Empty(d.Sent);
        Assert.Equal(["claim", "release"], d.Redis);
    }

    [Fact]
    public void Removed_for_a_position_never_seen_changes_nothing()
    {
        var d = new MachineDriver();
        d.Event(Removed);

        Assert.Null(d.State);
        Assert.Empty(d.EffectLog);
    }

    [Fact]
    public void Late_update_after_the_close_changes_nothing()
    {
        var d = new MachineDriver();
        d.Event(Opened);
        d.Event(Removed);
        var state = d.State;

        var t = d.Machine.Step(state, new PositionInput.Observed(Opened with { EventId = "evt-late", Profit = 30m }), d.Now);

        Assert.Same(state, t.State);
        Assert.Empty(t.Effects);
    }

    [Fact]
    public void Closed_position_retires_after_the_retention_and_a_late_event_for_it_creates_nothing_even_when_redis_forgot_it()
    {
        var settings = new PositionMachineSettings { ChatId = "-100777", StateRetention = TimeSpan.FromDays(1), RetiredMarkerRetention = TimeSpan.FromDays(90) };
        var d = new MachineDriver(settings);
        d.Event(Opened);
        d.Event(Removed);
        var closedAt = d.State!.ClosedAt!.Value;
        Assert.Equal(closedAt + TimeSpan.FromDays(1), d.Machine.NextDue(d.State));

        d.Now = closedAt + TimeSpan.FromHours(23);
        d.Tick();
        Assert.False(d.State!.IsRetired);

        d.Now = closedAt + TimeSpan.FromDays(1);
        d.Tick();
        Assert.True(d.State!.IsRetired);
        Assert.Null(d.State.Mapping);
        Assert.Null(d.State.Telegram);
        Assert.Equal(closedAt, d.State.ClosedAt);

        // The Redis done marker is long gone (FLUSHALL, or DoneMarkerHours passed): a late event must still create nothing.
        d.ClaimAnswers.Enqueue(ClaimStatus.First);
        d.Now += TimeSpan.FromDays(30);
        d.Event(Opened with { EventId = "evt-very-late", Profit = 1m });
        d.Event(Removed);

        Assert.Single(d.Published);
        Assert.Single(d.Sent);
        Assert.Equal(["claim", "complete"], d.Redis);
        Assert.True(d.State.IsRetired);
    }

    [Fact]
    public void Retired_marker_is_forgotten_only_after_its_own_retention()
    {
        var settings = new PositionMachineSettings { ChatId = "-100777", StateRetention = TimeSpan.FromDays(1), RetiredMarkerRetention = TimeSpan.FromDays(90) };
        var d = new MachineDriver(settings);
        d.Event(Opened);
        d.Event(Removed);
        d.Now += TimeSpan.FromDays(1);
        d.Tick();
        var retiredAt = d.State!.RetiredAt!.Value;
        Assert.Equal(retiredAt + TimeSpan.FromDays(90), d.Machine.NextDue(d.State));

        d.Now = retiredAt + TimeSpan.FromDays(89);
        d.Tick();
        Assert.NotNull(d.State);

        d.Now = retiredAt + TimeSpan.FromDays(90);
        d.Tick();
        Assert.Null(d.State);
        Assert.Null(d.Durable);
    }
}

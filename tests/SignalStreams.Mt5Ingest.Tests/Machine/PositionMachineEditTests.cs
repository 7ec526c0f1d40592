using SignalStreams.Contracts;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest.Tests.Machine;

/// <summary>Issue 15 item 3, on the pure machine: trailing edits that never lose the latest state.</summary>
public sealed class PositionMachineEditTests
{
    private static readonly PositionEvent Opened = PositionEvents.Updated("acc-1", "2001", profit: -4.8m);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static MachineDriver OpenedPosition()
    {
        var d = new MachineDriver();
        d.Event(Opened);
        Assert.Single(d.Sent);
        return d;
    }

    [Fact]
    public void Update_inside_the_interval_is_shown_once_the_interval_ends_with_no_further_event()
    {
        var d = OpenedPosition();
        d.Now += TimeSpan.FromSeconds(3);
        d.Event(Opened with { EventId = "evt-2", Profit = 12.5m });
        Assert.Empty(d.Edits);
        Assert.Equal(d.Now - TimeSpan.FromSeconds(3) + Interval, d.Machine.NextDue(d.State));

        d.Now += TimeSpan.FromSeconds(6);
        d.Tick();
        Assert.Empty(d.Edits);

        d.Now += TimeSpan.FromSeconds(1);
        d.Tick();
        var edit = Assert.Single(d.Edits);
        Assert.Contains("+12.50", edit, StringComparison.Ordinal);
        Assert.Null(d.State!.PendingText);
        Assert.Null(d.Machine.NextDue(d.State));

        d.Now += TimeSpan.FromMinutes(1);
        d.Tick();
        Assert.Single(d.Edits);
    }

    [Fact]
    public void Two_updates_inside_the_interval_send_only_the_last()
    {
        var d = OpenedPosition();
        d.Now += TimeSpan.FromSeconds(2);
        d.Event(Opened with { EventId = "evt-2", Profit = 1m });
        d.Now += TimeSpan.FromSeconds(2);
        d.Event(Opened with { EventId = "evt-3", Profit = 2m });
        d.Now += Interval;
        d.Tick();
        d.Tick();

        var edit = Assert.Single(d.Edits);
        Assert.Contains("+2.00", edit, StringComparison.Ordinal);
        Assert.Equal(2m, d.State!.Mapping!.LastKnownProfit);
    }

    [Fact]
    public void Update_after_the_interval_is_edited_at_once()
    {
        var d = OpenedPosition();
        d.Now += Interval;
        d.Event(Opened with { EventId = "evt-2", Profit = 7m });

        Assert.Contains("+7.00", Assert.Single(d.Edits), StringComparison.Ordinal);
    }

    [Fact]
    public void Close_after_a_pending_update_shows_the_closed_text_and_the_pending_update_never_overwrites_it()
    {
        var d = OpenedPosition();
        d.Now += TimeSpan.FromSeconds(1);
        d.Event(Opened with { EventId = "evt-2", Profit = 5m });
        d.Now += TimeSpan.FromSeconds(1);
        d.Event(PositionEvents.Removed("acc-1", "2001", profit: 6m));
        d.Now += Interval;
        d.Tick();
        d.Now += Interval;
        d.Tick();

        var closed = Assert.Single(d.Edits);
        Assert.Contains("CLOSED", closed, StringComparison.Ordinal);
        Assert.Contains("+6.00", closed, StringComparison.Ordinal);
        Assert.Equal(closed, d.Shown);
        Assert.Equal(["mt5-acc-1-2001"], d.Closed);
    }

    [Fact]
    public void Restart_inside_the_interval_still_ends_with_the_latest_text()
    {
        var d = OpenedPosition();
        d.Now += TimeSpan.FromSeconds(2);
        d.Event(Opened with { EventId = "evt-2", Profit = 3m });
        d.Now += TimeSpan.FromSeconds(1);
        d.Event(Opened with { EventId = "evt-3", Profit = 4m });

        d.Restart(new PositionMachineSettings { ChatId = "-100777", EditInterval = Interval });
        d.Now += Interval;
        d.Tick();

        Assert.Contains("+4.00", Assert.Single(d.Edits), StringComparison.Ordinal);
        Assert.Single(d.Sent);
    }

    [Fact]
    public void Edit_whose_answer_is_unknown_is_tried_again_after_the_interval_and_a_refused_one_is_given_up()
    {
        var d = OpenedPosition();
        d.Now += Interval;
        d.EditAnswers.Enqueue(new TelegramResult.Unknown("timeout"));
        d.Event(Opened with { EventId = "evt-2", Profit = 8m });
        Assert.Empty(d.Edits);
        Assert.NotNull(d.State!.PendingText);

        d.Now += Interval;
        d.Tick();
        Assert.Contains("+8.00", Assert.Single(d.Edits), StringComparison.Ordinal);

        d.Now += Interval;
        d.EditAnswers.Enqueue(new TelegramResult.Failed(400, "Bad Request: message to edit not found"));
        d.Event(Opened with { EventId = "evt-3", Profit = 9m });
        Assert.Null(d.State!.PendingText);
        d.Now += Interval;
        d.Tick();
        Assert.Single(d.Edits);
    }

    [Fact]
    public void Update_back_to_the_shown_text_drops_the_pending_edit()
    {
        var d = OpenedPosition();
        d.Now += Interval;
        d.Event(Opened with { EventId = "evt-2", Profit = 1m });
        d.Now += TimeSpan.FromSeconds(1);
        d.Event(Opened with { EventId = "evt-3", Profit = 2m });
        d.Now += TimeSpan.FromSeconds(1);
        d.Event(Opened with { EventId = "evt-4", Profit = 1m });
        d.Now += Interval;
        d.Tick();

        Assert.Single(d.Edits);
        Assert.Null(d.State!.PendingText);
    }
}

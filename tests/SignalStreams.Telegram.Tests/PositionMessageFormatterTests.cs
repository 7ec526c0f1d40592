using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;

namespace SignalStreams.Telegram.Tests;

public sealed class PositionMessageFormatterTests
{
    private static readonly PositionEvent Position = new()
    {
        EventId = "evt-1",
        AccountId = "acc-1",
        PositionId = "250999390",
        EventType = PositionEventType.Updated,
        Symbol = "BTCUSDr",
        Type = Mt5PositionType.Buy,
        Volume = 0.10m,
        OpenPrice = 68000.0m,
        CurrentPrice = 68010.5m,
        StopLoss = 67000m,
        TakeProfit = null,
        Profit = 12.5m,
        Time = new DateTimeOffset(2025, 11, 2, 10, 0, 0, TimeSpan.Zero),
    };

    private readonly PositionMessageFormatter _formatter = new();

    [Fact]
    public void New_position_shows_side_symbol_entry_volume_stops_and_signal()
    {
        var text = _formatter.Format(PositionMessageKind.Opened, Position, "mt5-acc-1-250999390");

        Assert.Equal(
            "🟢 <b>NEW POSITION</b> · <b>BUY BTCUSDr</b>\n" +
            "Entry: <code>68000</code>\n" +
            "Volume: <code>0.1</code>\n" +
            "SL: <code>67000</code> · TP: <code>—</code>\n" +
            "Signal: <code>mt5-acc-1-250999390</code>",
            text);
    }

    [Fact]
    public void Update_shows_current_price_and_signed_profit()
    {
        var text = _formatter.Format(PositionMessageKind.Updated, Position with { Type = Mt5PositionType.Sell, Profit = -4.8m }, "sig", "BTCUSDT");

        Assert.StartsWith("🔴 <b>OPEN</b> · <b>SELL BTCUSDT</b>\n", text, StringComparison.Ordinal);
        Assert.Contains("Price: <code>68010.5</code>\n", text, StringComparison.Ordinal);
        Assert.Contains("Profit: <b>-4.80</b>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Closed_position_shows_final_profit()
    {
        var text = _formatter.Format(PositionMessageKind.Closed, Position with { EventType = PositionEventType.Removed }, "sig");

        Assert.StartsWith("⚪ <b>CLOSED</b>", text, StringComparison.Ordinal);
        Assert.Contains("Final profit: <b>+12.50</b>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_position_renders_the_same_text_and_a_new_profit_changes_it()
    {
        var first = _formatter.Format(PositionMessageKind.Updated, Position, "sig");
        var again = _formatter.Format(PositionMessageKind.Updated, Position with { EventId = "evt-2", UpdateTime = DateTimeOffset.UnixEpoch }, "sig");
        var changed = _formatter.Format(PositionMessageKind.Updated, Position with { Profit = 12.51m }, "sig");

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public async Task Rendered_messages_with_markup_characters_are_accepted_by_telegram_and_show_them_literally()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);
        var odd = Position with { Symbol = "<A&B>" };

        var sent = await harness.Client.SendMessageAsync(telegram.ChatId, _formatter.Format(PositionMessageKind.Opened, odd, "sig<1>"));
        var id = Assert.IsType<TelegramResult.Sent>(sent).MessageId;
        var edited = await harness.Client.EditMessageTextAsync(telegram.ChatId, id, _formatter.Format(PositionMessageKind.Closed, odd, "sig<1>"));

        Assert.IsType<TelegramResult.Edited>(edited);
        var message = Assert.Single(telegram.Messages);
        Assert.StartsWith("⚪ CLOSED · BUY <A&B>\n", message.PlainText, StringComparison.Ordinal);
        Assert.EndsWith("Signal: sig<1>", message.PlainText, StringComparison.Ordinal);
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Contracts;
using SignalStreams.FakeTelegram;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramDeliveryTests : IAsyncLifetime
{
    private FakeTelegramServer _telegram = null!;
    private TelegramClientHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        _harness = TelegramClientHarness.Create(_telegram.BaseUrl, _telegram.BotToken, _telegram.ChatId);
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task Sent_then_edited_message_is_one_message_showing_the_edited_text()
    {
        var sent = await _harness.Client.SendMessageAsync(_telegram.ChatId, "<b>BUY</b> BTCUSDT");
        var messageId = Assert.IsType<TelegramResult.Sent>(sent).MessageId;

        var edited = await _harness.Client.EditMessageTextAsync(_telegram.ChatId, messageId, "<b>BUY</b> BTCUSDT profit +12.50");

        Assert.Equal(new TelegramResult.Edited(messageId), edited);
        var message = Assert.Single(_telegram.Messages);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal("<b>BUY</b> BTCUSDT profit +12.50", message.Text);
        Assert.Equal("BUY BTCUSDT profit +12.50", message.PlainText);
        Assert.Equal("<b>BUY</b> BTCUSDT profit +12.50", Assert.Single(message.Edits).Text);
    }

    [Fact]
    public async Task Edit_to_the_text_already_shown_is_success_as_not_modified()
    {
        var messageId = Assert.IsType<TelegramResult.Sent>(await _harness.Client.SendMessageAsync(_telegram.ChatId, "same text")).MessageId;

        var result = await _harness.Client.EditMessageTextAsync(_telegram.ChatId, messageId, "same text");

        Assert.Equal(new TelegramResult.NotModified(messageId), result);
        Assert.True(result.IsSuccess);
        Assert.Empty(Assert.Single(_telegram.Messages).Edits);
    }

    [Fact]
    public async Task Messages_go_out_in_html_parse_mode_with_link_previews_disabled()
    {
        await _harness.Client.SendMessageAsync(_telegram.ChatId, "see https://example.com");

        var message = Assert.Single(_telegram.Messages);
        Assert.Equal("HTML", message.ParseMode);
        Assert.True(message.LinkPreviewDisabled);
    }

    [Fact]
    public async Task Each_new_message_gets_the_next_message_id_of_its_chat()
    {
        var first = Assert.IsType<TelegramResult.Sent>(await _harness.Client.SendMessageAsync(_telegram.ChatId, "one"));
        var second = Assert.IsType<TelegramResult.Sent>(await _harness.Client.SendMessageAsync(_telegram.ChatId, "two"));

        Assert.Equal(first.MessageId + 1, second.MessageId);
        Assert.Equal(["one", "two"], _telegram.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Edit_of_a_message_that_does_not_exist_fails_with_telegrams_reason()
    {
        var result = await _harness.Client.EditMessageTextAsync(_telegram.ChatId, 999, "text");

        var failed = Assert.IsType<TelegramResult.Failed>(result);
        Assert.Equal(400, failed.ErrorCode);
        Assert.Equal("Bad Request: message to edit not found", failed.Description);
        Assert.Empty(_telegram.Messages);
    }

    [Fact]
    public async Task Message_to_an_unknown_chat_fails_with_chat_not_found_and_is_not_retried()
    {
        var result = await _harness.Client.SendMessageAsync("-1009999999999", "hello");

        Assert.Equal(new TelegramResult.Failed(400, "Bad Request: chat not found"), result);
        Assert.Single(_telegram.Calls);
        Assert.Empty(_telegram.Messages);
    }

    [Fact]
    public void Each_result_maps_to_the_telegram_mapping_status_the_ingest_records()
    {
        Assert.Equal(TelegramDeliveryStatus.Sent, new TelegramResult.Sent(1).DeliveryStatus);
        Assert.Equal(TelegramDeliveryStatus.Sent, new TelegramResult.Edited(1).DeliveryStatus);
        Assert.Equal(TelegramDeliveryStatus.Sent, new TelegramResult.NotModified(1).DeliveryStatus);
        Assert.Equal(TelegramDeliveryStatus.Failed, new TelegramResult.Failed(400, "Bad Request: chat not found").DeliveryStatus);
        Assert.Equal(TelegramDeliveryStatus.Unknown, new TelegramResult.Unknown("HTTP 502").DeliveryStatus);
    }

    [Fact]
    public async Task Calls_are_counted_by_method_and_outcome()
    {
        using var metrics = new TelegramMetricRecorder(_harness.Services.GetRequiredService<IMeterFactory>());
        var id = Assert.IsType<TelegramResult.Sent>(await _harness.Client.SendMessageAsync(_telegram.ChatId, "counted")).MessageId;
        await _harness.Client.EditMessageTextAsync(_telegram.ChatId, id, "counted");
        await _harness.Client.EditMessageTextAsync(_telegram.ChatId, id, "changed");
        await _harness.Client.EditMessageTextAsync(_telegram.ChatId, id + 100, "missing");

        Assert.Equal(1, metrics["signal_streams.telegram.calls{method=sendMessage,outcome=sent}"]);
        Assert.Equal(1, metrics["signal_streams.telegram.calls{method=editMessageText,outcome=not_modified}"]);
        Assert.Equal(1, metrics["signal_streams.telegram.calls{method=editMessageText,outcome=edited}"]);
        Assert.Equal(1, metrics["signal_streams.telegram.calls{method=editMessageText,outcome=failed}"]);
        Assert.Equal(0, metrics["signal_streams.telegram.unknown_outcomes{method=editMessageText}"]);
    }

    [Fact]
    public async Task Wrong_bot_token_fails_with_unauthorized()
    {
        using var wrong = TelegramClientHarness.Create(_telegram.BaseUrl, "987654321:WrongTokenWrongToken", _telegram.ChatId);

        var result = await wrong.Client.SendMessageAsync(_telegram.ChatId, "hello");

        Assert.Equal(new TelegramResult.Failed(401, "Unauthorized"), result);
        Assert.Empty(_telegram.Messages);
    }
}

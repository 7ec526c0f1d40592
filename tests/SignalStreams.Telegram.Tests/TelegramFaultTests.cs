using System.Net;
using System.Net.Sockets;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramFaultTests
{
    [Fact]
    public async Task Rate_limited_message_is_sent_exactly_once_after_waiting_retry_after()
    {
        var clock = new ManualTimeProvider();
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramServerOptions { TimeProvider = clock });
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, clock);
        telegram.RateLimitNext(retryAfterSeconds: 2);

        var sending = harness.Client.SendMessageAsync(telegram.ChatId, "after the wait");
        await Eventually.UntilAsync(() => clock.PendingDelays.Count == 1, "the client waits after the 429", TimeSpan.FromSeconds(10));

        Assert.True(clock.PendingDelays[0] >= TimeSpan.FromSeconds(2), $"waits {clock.PendingDelays[0]}");
        Assert.Empty(telegram.Messages);
        Assert.False(sending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.IsType<TelegramResult.Sent>(await sending);
        Assert.Equal("after the wait", Assert.Single(telegram.Messages).Text);
        Assert.Equal([429, 200], telegram.Calls.Select(c => c.StatusCode));
        Assert.True(telegram.Calls[1].At - telegram.Calls[0].At >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Rate_limit_that_never_ends_fails_without_sending_anything()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: new Dictionary<string, string?> { ["Telegram:MaxRateLimitRetries"] = "2" });
        telegram.RateLimitNext(retryAfterSeconds: 5, count: 10);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, "never");

        Assert.Equal(429, Assert.IsType<TelegramResult.Failed>(result).ErrorCode);
        Assert.Equal(3, telegram.Calls.Count);
        Assert.Empty(telegram.Messages);
    }

    [Fact]
    public async Task Message_accepted_then_left_unanswered_is_unknown_and_never_sent_twice()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: new Dictionary<string, string?>
        {
            // Long enough that even a loaded CI machine has the request at the fake before the client gives up.
            ["Telegram:RequestTimeoutSeconds"] = "2",
            ["Telegram:ConnectTimeoutSeconds"] = "1",
        });
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(30));

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, "maybe delivered");

        Assert.IsType<TelegramResult.Unknown>(result);
        Assert.Single(telegram.Calls);
        Assert.Equal("maybe delivered", Assert.Single(telegram.Messages).Text);

        var next = await harness.Client.SendMessageAsync(telegram.ChatId, "next one");

        Assert.IsType<TelegramResult.Sent>(next);
        Assert.Equal(["maybe delivered", "next one"], telegram.Messages.Select(m => m.Text));
        Assert.Equal(2, telegram.Calls.Count);
    }

    [Theory]
    [InlineData(500)] // a Bot API answer {ok:false, error_code:500}
    [InlineData(502)] // the front end's HTML page, no Bot API answer
    [InlineData(504)]
    public async Task Server_error_is_unknown_counted_and_not_resent(int status)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);
        using var metrics = new TelegramMetricRecorder(harness.Services.GetRequiredService<IMeterFactory>());
        telegram.FailNext(status);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, "5xx");

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<TelegramResult.Unknown>(result).Reason, StringComparison.Ordinal);
        Assert.Single(telegram.Calls);
        Assert.Empty(telegram.Messages);
        Assert.Equal(1, metrics["signal_streams.telegram.unknown_outcomes{method=sendMessage}"]);
        Assert.Equal(1, metrics["signal_streams.telegram.calls{method=sendMessage,outcome=unknown}"]);
    }

    [Fact]
    public async Task Edit_applied_then_left_unanswered_is_unknown_and_never_repeated()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: new Dictionary<string, string?>
        {
            ["Telegram:RequestTimeoutSeconds"] = "2",
            ["Telegram:ConnectTimeoutSeconds"] = "1",
        });
        var id = Assert.IsType<TelegramResult.Sent>(await harness.Client.SendMessageAsync(telegram.ChatId, "v1")).MessageId;
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(30), method: "editMessageText");

        var result = await harness.Client.EditMessageTextAsync(telegram.ChatId, id, "v2");

        Assert.IsType<TelegramResult.Unknown>(result);
        Assert.Equal("v2", Assert.Single(Assert.Single(telegram.Messages).Edits).Text);
        Assert.Single(telegram.Calls, c => c.Method == "editMessageText");
    }

    [Fact]
    public async Task Chat_id_telegram_cannot_address_is_refused_before_any_http_call()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        var result = await harness.Client.SendMessageAsync("channel-without-at", "hello");

        Assert.Equal(new TelegramResult.Failed(null, "The chat id must be a number or an @channelname."), result);
        Assert.Empty(telegram.Calls);
    }

    [Fact]
    public async Task Connection_refused_is_retried_with_backoff_then_fails_saying_nothing_was_sent()
    {
        var port = FreePort.Next();
        var clock = new ManualTimeProvider { AutoAdvance = true };
        using var harness = TelegramClientHarness.Create($"http://127.0.0.1:{port}", "123:token", "-1001000000001", clock,
            new Dictionary<string, string?>
            {
                ["Telegram:ConnectRetries"] = "3",
                ["Telegram:ConnectRetryDelaySeconds"] = "0.5",
                ["Telegram:PerChatMessagesPerSecond"] = "100", // so that only the backoff delays are recorded
            });

        var result = await harness.Client.SendMessageAsync("-1001000000001", "nobody listens");

        var failed = Assert.IsType<TelegramResult.Failed>(result);
        Assert.Null(failed.ErrorCode);
        Assert.Contains("unreachable after 4 attempts", failed.Description, StringComparison.Ordinal);
        Assert.Contains("refused", failed.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Connection_that_is_never_accepted_times_out_as_not_sent_and_is_retried()
    {
        // A listener with a full backlog that never accepts: the kernel drops further SYNs, so connecting hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(IPAddress.Loopback, port);
        var clock = new ManualTimeProvider { AutoAdvance = true };
        using var harness = TelegramClientHarness.Create($"http://127.0.0.1:{port}", "123:token", "-1001000000001", clock,
            new Dictionary<string, string?>
            {
                ["Telegram:ConnectTimeoutSeconds"] = "0.2",
                ["Telegram:RequestTimeoutSeconds"] = "5",
                ["Telegram:ConnectRetries"] = "2",
                ["Telegram:PerChatMessagesPerSecond"] = "100",
            });

        var result = await harness.Client.SendMessageAsync("-1001000000001", "never connects");

        var failed = Assert.IsType<TelegramResult.Failed>(result);
        Assert.Null(failed.ErrorCode);
        Assert.Contains("unreachable after 3 attempts", failed.Description, StringComparison.Ordinal);
        Assert.Equal(2, clock.RequestedDelays.Count);
    }

    [Fact]
    public async Task Message_is_delivered_once_when_telegram_comes_up_within_the_retry_budget()
    {
        var port = FreePort.Next();
        var clock = new ManualTimeProvider();
        var fakeOptions = new FakeTelegramServerOptions { Port = port };
        using var harness = TelegramClientHarness.Create($"http://127.0.0.1:{port}", fakeOptions.BotToken, fakeOptions.ChatIds[0], clock);

        var sending = harness.Client.SendMessageAsync(fakeOptions.ChatIds[0], "late but once");
        await Eventually.UntilAsync(() => clock.PendingDelays.Count == 1, "the client backs off after connection refused", TimeSpan.FromSeconds(10));
        await using var telegram = await FakeTelegramServer.StartAsync(fakeOptions);

        Assert.IsType<TelegramResult.Sent>(await clock.AdvanceUntilCompletedAsync(sending));
        Assert.Equal("late but once", Assert.Single(telegram.Messages).Text);
        Assert.Single(telegram.Calls);
    }
}

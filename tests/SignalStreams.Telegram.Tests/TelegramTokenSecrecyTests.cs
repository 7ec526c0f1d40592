using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SignalStreams.FakeTelegram;
using SignalStreams.Testing;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramTokenSecrecyTests
{
    private const string ClosedPortToken = "555000111:ClosedPortSecretXyz";
    private const string WrongToken = "777000222:WrongTokenSecretAbc";

    [Fact]
    public async Task Bot_token_appears_in_no_log_line_result_or_exception_on_any_path()
    {
        var fakeOptions = new FakeTelegramServerOptions { BotToken = "424242424:RealTokenSecretQwe" };
        await using var telegram = await FakeTelegramServer.StartAsync(fakeOptions);
        var fewRetries = new Dictionary<string, string?> { ["Telegram:MaxRateLimitRetries"] = "1" };
        var shortTimeout = new Dictionary<string, string?> { ["Telegram:RequestTimeoutSeconds"] = "1", ["Telegram:ConnectTimeoutSeconds"] = "0.5" };
        using var good = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: fewRetries);
        using var impatient = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: shortTimeout);
        using var wrong = TelegramClientHarness.Create(telegram.BaseUrl, WrongToken, telegram.ChatId);
        using var closed = TelegramClientHarness.Create($"http://127.0.0.1:{FreePort.Next()}", ClosedPortToken, telegram.ChatId);
        var texts = new List<string>();

        var sent = await good.Client.SendMessageAsync(telegram.ChatId, "ok");
        texts.Add(sent.ToString());
        texts.Add((await good.Client.EditMessageTextAsync(telegram.ChatId, ((TelegramResult.Sent)sent).MessageId, "ok")).ToString());
        texts.Add((await good.Client.EditMessageTextAsync(telegram.ChatId, 999, "missing")).ToString());
        texts.Add((await good.Client.SendMessageAsync("-1000", "unknown chat")).ToString());
        texts.Add((await good.Client.SendMessageAsync(telegram.ChatId, new string('x', 5000))).ToString());
        telegram.FailNext(500);
        texts.Add((await good.Client.SendMessageAsync(telegram.ChatId, "5xx")).ToString());
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(30));
        texts.Add((await impatient.Client.SendMessageAsync(telegram.ChatId, "hang")).ToString());
        telegram.RateLimitNext(retryAfterSeconds: 3, count: 5);
        texts.Add((await good.Client.SendMessageAsync(telegram.ChatId, "429")).ToString());
        texts.Add((await wrong.Client.SendMessageAsync(telegram.ChatId, "401")).ToString());
        texts.Add((await closed.Client.SendMessageAsync(telegram.ChatId, "refused")).ToString());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        texts.Add((await Assert.ThrowsAnyAsync<OperationCanceledException>(() => good.Client.SendMessageAsync(telegram.ChatId, "cancelled", cancelled.Token))).ToString());
        texts.Add(good.Services.GetType().ToString());
        var logs = new[] { good, impatient, wrong, closed }.SelectMany(h => h.Logs.Lines).ToList();

        Assert.Contains(logs, line => line.Contains("UNKNOWN", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("could not connect", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.Contains("Unauthorized", StringComparison.Ordinal));
        foreach (var token in new[] { telegram.BotToken, WrongToken, ClosedPortToken })
        {
            var secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];
            Assert.DoesNotContain(logs.Concat(texts), text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Bot_token_appears_in_no_metric_of_any_meter_on_any_path()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramServerOptions { BotToken = "434343434:MetricTokenSecretZxc" });
        var series = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        // Every meter in the process: the client's own, and the HTTP stack's (System.Net.Http) that Telegram.Bot's requests feed.
        listener.InstrumentPublished = (instrument, meters) => meters.EnableMeasurementEvents(instrument);
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => series.Enqueue(Series(instrument, tags)));
        listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => series.Enqueue(Series(instrument, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => series.Enqueue(Series(instrument, tags)));
        listener.Start();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, settings: new Dictionary<string, string?>
        {
            ["Telegram:MaxRateLimitRetries"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "1",
            ["Telegram:ConnectTimeoutSeconds"] = "0.5",
        });

        var id = ((TelegramResult.Sent)await harness.Client.SendMessageAsync(telegram.ChatId, "ok")).MessageId;
        await harness.Client.EditMessageTextAsync(telegram.ChatId, id, "ok");
        telegram.FailNext(500);
        await harness.Client.SendMessageAsync(telegram.ChatId, "500");
        telegram.FailNext(502);
        await harness.Client.SendMessageAsync(telegram.ChatId, "502");
        telegram.RateLimitNext(retryAfterSeconds: 3, count: 5);
        await harness.Client.SendMessageAsync(telegram.ChatId, "429");
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(30));
        await harness.Client.SendMessageAsync(telegram.ChatId, "hang");
        listener.RecordObservableInstruments();

        Assert.Contains(series, s => s.StartsWith($"{TelegramMetrics.MeterName} signal_streams.telegram.unknown_outcomes", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("System.Net.Http http.client.request.duration", StringComparison.Ordinal));
        Assert.DoesNotContain(series, s => s.Contains("MetricTokenSecretZxc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Telegram_Bot_exceptions_carry_no_token_on_any_failure_path()
    {
        const string closedPortSecret = "ClosedLibrarySecretQaz";
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramServerOptions { BotToken = "454545454:LibraryTokenSecretVbn" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var bot = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl) { RetryCount = 0 }, http);
        var wrong = new TelegramBotClient(new TelegramBotClientOptions(WrongToken, telegram.BaseUrl) { RetryCount = 0 }, http);
        var closed = new TelegramBotClient(new TelegramBotClientOptions("454545454:" + closedPortSecret, $"http://127.0.0.1:{FreePort.Next()}") { RetryCount = 0 }, http);
        var chat = new ChatId(telegram.ChatId);
        var errors = new List<Exception>();
        async Task Fails(Func<Task> call) => errors.Add(await Assert.ThrowsAnyAsync<Exception>(call));

        telegram.FailNext(500);
        await Fails(() => bot.SendMessage(chat, "500"));
        telegram.FailNext(502);
        await Fails(() => bot.SendMessage(chat, "502"));
        telegram.RateLimitNext(retryAfterSeconds: 3);
        await Fails(() => bot.SendMessage(chat, "429"));
        telegram.AcceptThenHangNext(TimeSpan.FromSeconds(30));
        await Fails(() => bot.SendMessage(chat, "hang"));
        await Fails(() => bot.EditMessageText(chat, 999, "missing"));
        await Fails(() => wrong.SendMessage(chat, "401"));
        await Fails(() => closed.SendMessage(chat, "refused"));

        Assert.Equal(7, errors.Count);
        Assert.Contains(errors, e => e.ToString().Contains("timed out", StringComparison.Ordinal));
        foreach (var secret in new[] { "LibraryTokenSecretVbn", WrongToken[(WrongToken.IndexOf(':', StringComparison.Ordinal) + 1)..], closedPortSecret })
        {
            Assert.DoesNotContain(errors, e => e.ToString().Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Options_print_without_the_token()
    {
        var options = new TelegramOptions { BotToken = "123:SecretInOptions", ChatId = "-100" };

        Assert.DoesNotContain("SecretInOptions", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }

    private static string Series(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<string>();
        foreach (var (key, value) in tags)
        {
            labels.Add($"{key}={value}");
        }

        return $"{instrument.Meter.Name} {instrument.Name} {string.Join(",", labels)}";
    }
}

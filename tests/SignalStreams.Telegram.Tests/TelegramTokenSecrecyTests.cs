using SignalStreams.FakeTelegram;
using SignalStreams.Testing;

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
    public void Options_print_without_the_token()
    {
        var options = new TelegramOptions { BotToken = "123:SecretInOptions", ChatId = "-100" };

        Assert.DoesNotContain("SecretInOptions", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }
}

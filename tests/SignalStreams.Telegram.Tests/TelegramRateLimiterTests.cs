using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SignalStreams.FakeTelegram;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramRateLimiterTests
{
    [Fact]
    public async Task Messages_to_one_chat_reach_telegram_in_order_at_least_a_second_apart()
    {
        var clock = new ManualTimeProvider { AutoAdvance = true };
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramServerOptions { TimeProvider = clock });
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId, clock);

        for (var i = 1; i <= 5; i++)
        {
            Assert.IsType<TelegramResult.Sent>(await harness.Client.SendMessageAsync(telegram.ChatId, $"message {i}"));
        }

        var messages = telegram.Messages;
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"message {i}"), messages.Select(m => m.Text));
        Assert.All(messages.Zip(messages.Skip(1)), pair => Assert.True(pair.Second.SentAt - pair.First.SentAt >= TimeSpan.FromSeconds(1), $"{pair.First.SentAt:O} -> {pair.Second.SentAt:O}"));
    }

    [Fact]
    public void One_chat_gets_one_slot_per_second()
    {
        var (limiter, clock) = Limiter();

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("42"));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("42"));
        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(600), limiter.TryAcquire("42"));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("43"));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("42"));
    }

    [Fact]
    public void A_channel_gets_at_most_twenty_messages_per_minute()
    {
        var (limiter, clock) = Limiter();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("-1001"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // 20 messages at t = 0..19 s: the 21st may go when the first leaves the minute, at t = 60 s.
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire("-1001"));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("12345"));
    }

    [Fact]
    public void All_chats_together_get_at_most_thirty_messages_per_second()
    {
        var (limiter, clock) = Limiter();

        for (var chat = 0; chat < 30; chat++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(chat.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("99"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("99"));
    }

    [Fact]
    public void A_chat_that_must_wait_spends_no_slot_of_the_overall_limit()
    {
        var (limiter, clock) = Limiter();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire("-1001"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // The channel is at 20/min: asking again and again within this second must not use up the 30/s of all chats.
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire("-1001")));

        Assert.All(Enumerable.Range(0, 30), chat => Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(chat.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire("99"));
    }

    private static (TelegramRateLimiter Limiter, FakeTimeProvider Clock) Limiter()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new TelegramOptions { BotToken = "1:x", ChatId = "1" });
        return (new TelegramRateLimiter(options, clock, new TelegramMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>())), clock);
    }
}

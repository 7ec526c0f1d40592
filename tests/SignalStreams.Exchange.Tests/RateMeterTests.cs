using SignalStreams.PaperExchange.State;
using Xunit;

namespace SignalStreams.Exchange.Tests;

/// <summary>The paper exchange's X-MBX-USED-WEIGHT / X-MBX-ORDER-COUNT counters with many accounts.</summary>
public sealed class RateMeterTests
{
    [Fact]
    public void Ended_windows_are_forgotten_while_a_days_order_count_keeps_counting()
    {
        var clock = new ExchangeClock(TimeProvider.System, 0);
        // One second into a UTC day, so the day does not end during the test.
        clock.SkewMs = -(clock.NowMs % 86_400_000) + 1_000;
        var meter = new RateMeter(clock);

        Assert.Equal(1, meter.Add("account-a", "1d", 1));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i + 1, meter.Add("account-a", "10s", 1));
            meter.Add($"account-{i}", "1m", 5);
        }

        clock.SkewMs += 65_000; // past the 10 s and 1 m windows, and past the next prune
        Assert.Equal(1, meter.Add("account-a", "10s", 1));
        Assert.Equal(2, meter.Add("account-a", "1d", 1));
        Assert.Equal(2, meter.Windows); // account-a's day and its new 10 s window; the ended ones are gone
    }

    [Fact]
    public void Counting_for_thousands_of_accounts_keeps_every_accounts_own_total()
    {
        var meter = new RateMeter(new ExchangeClock(TimeProvider.System, 0));
        for (var round = 1; round <= 3; round++)
        {
            for (var account = 0; account < 12_000; account++)
            {
                Assert.Equal(round, meter.Add($"account-{account}", "1d", 1));
            }
        }
    }
}

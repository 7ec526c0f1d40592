using Microsoft.Extensions.Options;
using SignalStreams.PaperExchange.Options;

namespace SignalStreams.PaperExchange.State;

/// <summary>Steps the random walk when <c>PaperExchange:PriceMode</c> is RandomWalk.</summary>
internal sealed class PriceWalker(PaperExchangeState state, IOptions<PaperExchangeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!string.Equals(settings.PriceMode, "RandomWalk", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, settings.RandomWalkIntervalMs)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                state.Prices.Step(settings.RandomWalkStepPercent);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

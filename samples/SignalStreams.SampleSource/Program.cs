using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SignalStreams.Contracts;
using SignalStreams.Sdk;

// A strategy that emits three signals and withdraws one of them.
// Run: dotnet run --project samples/SignalStreams.SampleSource -- <bootstrap servers>
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSignalPublisher(kafka => kafka.BootstrapServers = args.FirstOrDefault() ?? kafka.BootstrapServers);
using var host = builder.Build();
var publisher = host.Services.GetRequiredService<SignalPublisher>();

var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
(string Symbol, OrderSide Side, decimal Price, SignalStrength Strength)[] ideas =
[
    ("BTCUSDT", OrderSide.Buy, 68000m, SignalStrength.VeryStrong),
    ("ETHUSDT", OrderSide.Sell, 3500m, SignalStrength.Strong),
    ("SOLUSDT", OrderSide.Buy, 150m, SignalStrength.Weak),
];
foreach (var (symbol, side, price, strength) in ideas)
{
    var result = await publisher.PublishAsync(new SignalDraft
    {
        SignalId = $"sample-{run}-{symbol}",
        Source = "sample-source",
        Symbol = symbol,
        Market = MarketType.Futures,
        Side = side,
        EntryPrice = price,
        Strength = strength,
        Leverage = 5,
    });
    Console.WriteLine($"published {result.Signal.SignalId} {side} {symbol} @ {price} -> signals[{result.Partition}]@{result.Offset}, expires {result.Signal.ExpiresAt:HH:mm:ss}Z");
}

var cancelled = await publisher.CancelAsync($"sample-{run}-SOLUSDT");
Console.WriteLine($"cancelled {cancelled.Signal.SignalId} -> signals[{cancelled.Partition}]@{cancelled.Offset}");

try
{
    await publisher.PublishAsync(new SignalDraft { SignalId = "bad id!", Symbol = "btc", EntryPrice = -1 });
}
catch (SignalValidationException e)
{
    Console.WriteLine($"refused before sending: {e.Message}");
}

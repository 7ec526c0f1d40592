using System.Globalization;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Sdk;

namespace SignalStreams.Demo;

/// <summary>
/// Publishes a handful of demo signals through the producer SDK (one of them later cancelled, one refused as
/// invalid) and reads the <c>signals</c> topic back as a compacted table, printing what every consumer would see.
/// </summary>
internal sealed class SignalRoundTrip(SignalPublisher publisher, KafkaClientFactory clients)
{
    public async Task<int> RunAsync(DemoOptions options)
    {
        var run = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        Console.WriteLine($"Publishing demo signals through the SDK to {options.Bootstrap}");
        var published = new List<PublishResult>();
        foreach (var (symbol, side, price, strength) in DemoSignals)
        {
            published.Add(await publisher.PublishAsync(new SignalDraft
            {
                SignalId = $"demo-{run}-{symbol}",
                Source = "demo",
                Symbol = symbol,
                Market = MarketType.Futures,
                Side = side,
                EntryPrice = price,
                Strength = strength,
                Leverage = 5,
            }));
        }

        await publisher.CancelAsync(published[^1].Signal.SignalId);
        try
        {
            await publisher.PublishAsync(new SignalDraft { SignalId = "demo bad", Symbol = "btc", EntryPrice = 0 });
        }
        catch (SignalValidationException e)
        {
            Console.WriteLine($"  refused before sending: {e.Message}");
        }

        var table = ReadSignalsTable(published.Select(p => p.Signal.SignalId).ToHashSet(StringComparer.Ordinal));
        Console.WriteLine();
        Console.WriteLine($"{"signal",-28} {"side",-4} {"symbol",-8} {"entry",10} {"strength",-11} {"status",-9} {"partition",9} {"offset",6}");
        foreach (var p in published)
        {
            var (signal, partition, offset) = table[p.Signal.SignalId];
            Console.WriteLine($"{signal.SignalId,-28} {signal.Side,-4} {signal.Symbol,-8} {signal.EntryPrice,10} {signal.Strength,-11} {signal.Status,-9} {partition,9} {offset,6}");
        }

        var ok = published.All(p => table.ContainsKey(p.Signal.SignalId)) && table[published[^1].Signal.SignalId].Signal.Status == SignalStatus.Cancelled;
        Console.WriteLine(ok ? "\nRead back: every signal is on the topic with its latest status." : "\nRead back FAILED: the topic does not hold what was published.");
        return ok ? 0 : 1;
    }

    private static readonly (string Symbol, OrderSide Side, decimal Price, SignalStrength Strength)[] DemoSignals =
    [
        ("BTCUSDT", OrderSide.Buy, 68000m, SignalStrength.VeryStrong),
        ("ETHUSDT", OrderSide.Sell, 3500m, SignalStrength.Strong),
        ("SOLUSDT", OrderSide.Buy, 150m, SignalStrength.Weak),
        ("XRPUSDT", OrderSide.Buy, 0.55m, SignalStrength.Moderate),
    ];

    /// <summary>The latest value per signalId on <c>signals</c>, read from every partition to its end.</summary>
    private Dictionary<string, (Signal Signal, int Partition, long Offset)> ReadSignalsTable(IReadOnlySet<string> wanted)
    {
        var topic = new TopicNames(clients.Options.TopicPrefix).Signals;
        using var consumer = clients.ConsumerBuilder(clients.ConsumerConfig("demo-reader-" + Guid.NewGuid().ToString("N"), "demo-reader")).Build();
        var partitions = Enumerable.Range(0, 6).Select(p => new TopicPartition(topic, p)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Where(p => ends[p.Partition.Value] > 0).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var table = new Dictionary<string, (Signal, int, long)>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (remaining.Count > 0 && DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
            {
                continue;
            }

            if (record.Message.Key is { } key && wanted.Contains(key) && record.Message.Value is { } value)
            {
                table[key] = (ContractJson.Deserialize(value, ContractsJsonContext.Default.Signal), record.Partition.Value, record.Offset.Value);
            }

            if (record.Offset.Value + 1 >= ends[record.Partition.Value])
            {
                remaining.Remove(record.Partition.Value);
            }
        }

        return table;
    }
}

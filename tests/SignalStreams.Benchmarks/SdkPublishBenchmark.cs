using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Contracts;
using SignalStreams.Sdk;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>Signals/s through the producer SDK (validation, JSON, headers, acks=all) next to raw produce of the same bytes.</summary>
public sealed class SdkPublishBenchmark : IBenchmark
{
    public string Name => "sdk-publish";

    public string Description => "100,000 signals published through SignalPublisher to the dev cluster, vs raw producer";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var count = context.Count(100_000);
        var topics = new TopicNames($"bench-sdk-{Guid.NewGuid():N}-"[..20]);
        context.Kafka.CreateTopics(topics);

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSignalPublisher(kafka =>
            {
                kafka.BootstrapServers = context.Kafka.BootstrapServers;
                kafka.TopicPrefix = topics.Prefix;
            });
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<SignalPublisher>();
        await publisher.PublishAsync(TestSignals.Draft("warm-up"), cancellationToken);

        var sdk = Stopwatch.StartNew();
        await InWindowsAsync(count, i => publisher.PublishAsync(TestSignals.Draft($"sig-{i}"), cancellationToken));
        sdk.Stop();
        context.Log($"SDK: {count} signals in {sdk.Elapsed.TotalSeconds:0.00} s");

        var payload = ContractJson.Serialize(TestSignals.Draft("raw").ToSignal(DateTimeOffset.UtcNow).Value!, ContractsJsonContext.Default.Signal);
        var producer = provider.GetRequiredService<IProducer<string, byte[]>>();
        var raw = Stopwatch.StartNew();
        await InWindowsAsync(count, i => producer.ProduceAsync(topics.Signals, new Message<string, byte[]> { Key = $"raw-{i}", Value = payload }, cancellationToken));
        raw.Stop();

        var headers = Stopwatch.StartNew();
        await InWindowsAsync(count, i => producer.ProduceAsync(topics.Signals, new Message<string, byte[]> { Key = $"hdr-{i}", Value = payload, Headers = SignalStreams.Kafka.RecordHeaders.WithSchema(SchemaNames.Signal) }, cancellationToken));
        headers.Stop();

        var cpu = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            _ = ContractJson.Serialize(TestSignals.Draft($"cpu-{i}").ToSignal(DateTimeOffset.UtcNow).Value!, ContractsJsonContext.Default.Signal);
        }

        cpu.Stop();

        return new Dictionary<string, double>
        {
            ["signals"] = count,
            ["payload_bytes"] = payload.Length,
            ["sdk_seconds"] = sdk.Elapsed.TotalSeconds,
            ["sdk_signals_per_second"] = count / sdk.Elapsed.TotalSeconds,
            ["raw_produce_seconds"] = raw.Elapsed.TotalSeconds,
            ["raw_produce_records_per_second"] = count / raw.Elapsed.TotalSeconds,
            ["raw_produce_with_schema_header_records_per_second"] = count / headers.Elapsed.TotalSeconds,
            ["validate_and_serialize_only_per_second"] = count / cpu.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Keeps up to 10,000 deliveries in flight, as a busy source would.</summary>
    private static async Task InWindowsAsync(int count, Func<int, Task> send)
    {
        const int window = 10_000;
        for (var start = 0; start < count; start += window)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(window, count - start)).Select(send));
        }
    }
}

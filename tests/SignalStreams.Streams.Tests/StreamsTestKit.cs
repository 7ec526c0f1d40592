using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Streams.Tests;

/// <summary>Topics, processors and readers for one test, isolated by unique names on the shared mock cluster.</summary>
public sealed class StreamsTestKit(KafkaClusterFixture kafka, int partitions)
{
    public string Input { get; } = Create(kafka, "input", partitions);

    public string Changelog { get; } = Create(kafka, "tallies", partitions);

    public string Group { get; } = kafka.NewName("group");

    public KafkaClusterFixture Kafka => kafka;

    /// <summary>Set STREAMS_TEST_LOGS=1 to see the runtime's logs on the console.</summary>
    public static ILoggerFactory Logs { get; } = Environment.GetEnvironmentVariable("STREAMS_TEST_LOGS") == "1"
        ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information))
        : NullLoggerFactory.Instance;

    /// <summary>Meters of the processors the kit builds; they live as long as the test process.</summary>
    private static TestMeterFactory Meters { get; } = new();

    public StreamProcessorOptions Options(Action<StreamProcessorOptions>? configure = null)
    {
        var options = new StreamProcessorOptions { ApplicationId = Group, CommitInterval = TimeSpan.FromMilliseconds(200), RetryInitialDelay = TimeSpan.FromMilliseconds(20) };
        options.InputTopics.Add(Input);
        options.AddStore(CountingProcessor.StoreName, Changelog, TestJsonContext.Default.Tally, CountingProcessor.Schema);
        options.ConsumerOverrides["session.timeout.ms"] = "6000";
        options.ConsumerOverrides["heartbeat.interval.ms"] = "1000";
        configure?.Invoke(options);
        return options;
    }

    public StreamProcessor Processor(IRecordProcessor processor, StreamProcessorOptions? options = null) =>
        new(options ?? Options(), processor, kafka.ClientFactory(), Logs, Meters);

    /// <summary>Produces <paramref name="count"/> records over <paramref name="keys"/> keys; returns the expected count per key.</summary>
    public Dictionary<string, long> Produce(int count, int keys, int start = 0, Dictionary<string, long>? expected = null) =>
        Produce(Input, count, keys, start, expected, k => k);

    /// <summary>Produces to any topic; <paramref name="expectedKey"/> maps a record key to the store key it counts under.</summary>
    public Dictionary<string, long> Produce(string topic, int count, int keys, int start, Dictionary<string, long>? expected, Func<string, string> expectedKey)
    {
        expected ??= new Dictionary<string, long>(StringComparer.Ordinal);
        using var producer = kafka.ClientFactory().CreateProducer(kafka.NewName("test-producer"));
        for (var i = start; i < start + count; i++)
        {
            var key = "k" + (i % keys).ToString(CultureInfo.InvariantCulture);
            var value = ContractJson.Serialize(new Note("n", i), TestJsonContext.Default.Note);
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });
            expected[expectedKey(key)] = expected.GetValueOrDefault(expectedKey(key)) + 1;
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return expected;
    }

    /// <summary>The final state as another service would read it: the latest tally per key on the changelog.</summary>
    public Dictionary<string, long> ChangelogCounts() =>
        TopicReader.LatestByKey(TopicReader.ReadAll(kafka.BootstrapServers, Changelog, TimeSpan.FromSeconds(30)))
            .ToDictionary(e => e.Key, e => e.Value.As(TestJsonContext.Default.Tally).Count, StringComparer.Ordinal);

    public async Task AssertFinalStateAsync(Dictionary<string, long> expected)
    {
        Dictionary<string, long> actual = [];
        await Eventually.UntilAsync(
            () =>
            {
                actual = ChangelogCounts();
                return actual.Count == expected.Count && expected.All(e => actual.GetValueOrDefault(e.Key) == e.Value);
            },
            "the changelog holds every key's exact count",
            TimeSpan.FromSeconds(60));
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    /// <summary>Another topic with its DLQ, e.g. a second co-partitioned input.</summary>
    public string CreateTopic(string stem) => Create(kafka, stem, partitions);

    private static string Create(KafkaClusterFixture kafka, string stem, int partitions)
    {
        var name = kafka.NewName(stem);
        kafka.CreateTopic(name, partitions);
        kafka.CreateTopic(TopicNames.DeadLetterOf(name), 1);
        return name;
    }
}

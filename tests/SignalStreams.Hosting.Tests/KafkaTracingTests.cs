using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;

namespace SignalStreams.Hosting.Tests;

[Collection("kafka")]
public sealed class KafkaTracingTests(KafkaClusterFixture kafka) : IDisposable
{
    private readonly ActivityListener _listener = Listen();

    [Fact]
    public async Task A_consumed_record_continues_the_trace_of_the_span_that_produced_it()
    {
        var topics = kafka.NewTopics();
        var factory = kafka.ClientFactory(topics.Prefix);
        using var producer = factory.CreateProducer(kafka.NewName("producer"));
        var writer = new ContractRecordWriter(producer);

        ActivityTraceId producedTrace;
        ActivitySpanId producedSpan;
        using (var produce = KafkaTracing.StartProduceActivity(topics.Signals))
        {
            Assert.NotNull(produce);
            producedTrace = produce.TraceId;
            producedSpan = produce.SpanId;
            await writer.WriteAsync(topics.Signals, "sig-trace", TestSignals.Active("sig-trace", DateTimeOffset.UnixEpoch), ContractsJsonContext.Default.Signal, SchemaNames.Signal);
        }

        var record = await ConsumeOneAsync(factory, topics.Signals);
        using var consume = KafkaTracing.StartConsumeActivity(record, "router");

        Assert.NotNull(consume);
        Assert.Equal(producedTrace, consume.TraceId);
        Assert.Equal(producedSpan, consume.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, consume.Kind);
        Assert.Equal(topics.Signals, consume.GetTagItem("messaging.destination.name"));
        Assert.Equal("router", consume.GetTagItem("messaging.consumer.group.name"));
    }

    [Fact]
    public async Task Produce_activity_writes_its_own_context_into_explicit_headers()
    {
        var topics = kafka.NewTopics();
        var factory = kafka.ClientFactory(topics.Prefix);
        using var producer = factory.CreateProducer(kafka.NewName("producer"));
        var stale = "00-" + ActivityTraceId.CreateRandom().ToHexString() + "-" + ActivitySpanId.CreateRandom().ToHexString() + "-01";
        var headers = new Headers { { RecordHeaders.TraceParent, Encoding.UTF8.GetBytes(stale) } };

        ActivityTraceId producedTrace;
        using (var produce = KafkaTracing.StartProduceActivity(topics.ExecutionCommands, headers))
        {
            producedTrace = produce!.TraceId;
            await producer.ProduceAsync(topics.ExecutionCommands, new Message<string, byte[]> { Key = "u-1", Value = "{}"u8.ToArray(), Headers = headers });
        }

        var record = await ConsumeOneAsync(factory, topics.ExecutionCommands);
        using var consume = KafkaTracing.StartConsumeActivity(record);

        Assert.Equal(producedTrace, consume!.TraceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    public async Task A_record_without_valid_trace_context_starts_a_new_trace(string? traceParent)
    {
        var topics = kafka.NewTopics();
        var factory = kafka.ClientFactory(topics.Prefix);
        using var producer = factory.CreateProducer(kafka.NewName("producer"));
        var headers = new Headers();
        if (traceParent is not null)
        {
            headers.Add(RecordHeaders.TraceParent, Encoding.UTF8.GetBytes(traceParent));
        }

        await producer.ProduceAsync(topics.UserSettings, new Message<string, byte[]> { Key = "u-1", Value = "{}"u8.ToArray(), Headers = headers });
        var record = await ConsumeOneAsync(factory, topics.UserSettings);

        using var leftover = new ActivitySource(KafkaTracing.SourceName).StartActivity("leftover on the consume thread");
        using var consume = KafkaTracing.StartConsumeActivity(record);

        Assert.NotNull(consume);
        Assert.Equal(default, consume.ParentSpanId);
        Assert.NotEqual(leftover!.TraceId, consume.TraceId);
    }

    public void Dispose() => _listener.Dispose();

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KafkaTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private async Task<ConsumeResult<string?, byte[]?>> ConsumeOneAsync(KafkaClientFactory factory, string topic)
    {
        var config = factory.ConsumerConfig(kafka.NewName("group"), kafka.NewName("consumer"));
        using var consumer = factory.ConsumerBuilder(config).Build();
        consumer.Assign(Enumerable.Range(0, PartitionsOf(topic)).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        ConsumeResult<string?, byte[]?>? result = null;
        await Eventually.UntilAsync(() => (result = consumer.Consume(TimeSpan.FromMilliseconds(200))) is not null, $"a record arrives on {topic}", TimeSpan.FromSeconds(30));
        consumer.Close();
        return result!;

        static int PartitionsOf(string name) => TopicNames.Catalog.Single(s => name.EndsWith(s.BaseName, StringComparison.Ordinal)).Partitions;
    }
}

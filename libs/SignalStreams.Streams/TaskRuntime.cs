using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Kafka;

namespace SignalStreams.Streams;

/// <summary>What every task of one processor instance shares.</summary>
internal sealed record TaskRuntime(
    StreamProcessorOptions Options,
    IRecordProcessor Processor,
    IProducer<string, byte[]> Producer,
    ContractRecordWriter Writer,
    DeadLetterPublisher DeadLetters,
    ChangelogRestorer Restorer,
    StreamsMetrics Metrics,
    TimeProvider Time,
    ILogger Logger);

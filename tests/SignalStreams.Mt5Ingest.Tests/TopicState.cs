using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>What the ingest's output topics hold now, read with <see cref="TopicReader"/>.</summary>
internal sealed class TopicState(string bootstrap, TopicNames topics)
{
    public TopicReader SignalTopic { get; } = TopicReader.Of(bootstrap, topics.Signals);

    public TopicReader MappingTopic { get; } = TopicReader.Of(bootstrap, topics.Mt5SignalMappings);

    public TopicReader TelegramMappingTopic { get; } = TopicReader.Of(bootstrap, topics.TelegramMappings);

    /// <summary>The ingest's own position store (its changelog, internal to mt5-ingest).</summary>
    public TopicReader PositionChangelog { get; } = TopicReader.Of(bootstrap, topics.Name("mt5-ingest-positions-changelog"));

    public IReadOnlyList<TopicRecord> Signals() => SignalTopic.Records;

    public IReadOnlyList<TopicRecord> Mappings() => MappingTopic.Records;

    public IReadOnlyList<TopicRecord> TelegramMappings() => TelegramMappingTopic.Records;

    public IReadOnlyList<TopicRecord> DeadLetters() => TopicReader.ReadAll(bootstrap, TopicNames.DeadLetterOf(topics.Mt5PositionEvents));

    public Mt5SignalMapping? Mapping(string key) => MappingTopic.LatestOf(key, ContractsJsonContext.Default.Mt5SignalMapping);

    public TelegramMapping? Telegram(string key) => TelegramMappingTopic.LatestOf(key, ContractsJsonContext.Default.TelegramMapping);

    /// <summary>The latest JSON of <paramref name="key"/> in the ingest's position store.</summary>
    public string? PositionState(string key) => PositionChangelog.LatestByKey().GetValueOrDefault(key)?.Text;

    public Signal? Signal(string signalId) => SignalTopic.LatestOf(signalId, ContractsJsonContext.Default.Signal);
}

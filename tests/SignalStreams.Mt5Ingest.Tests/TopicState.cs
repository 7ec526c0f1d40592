using SignalStreams.Contracts;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>What the ingest's output topics hold, read back with an independent consumer.</summary>
internal sealed class TopicState(string bootstrap, TopicNames topics)
{
    public IReadOnlyList<TopicRecord> Signals() => TopicReader.ReadAll(bootstrap, topics.Signals);

    public IReadOnlyList<TopicRecord> Mappings() => TopicReader.ReadAll(bootstrap, topics.Mt5SignalMappings);

    public IReadOnlyList<TopicRecord> TelegramMappings() => TopicReader.ReadAll(bootstrap, topics.TelegramMappings);

    public IReadOnlyList<TopicRecord> DeadLetters() => TopicReader.ReadAll(bootstrap, TopicNames.DeadLetterOf(topics.Mt5PositionEvents));

    public Mt5SignalMapping? Mapping(string key) =>
        TopicReader.LatestByKey(Mappings()).TryGetValue(key, out var r) ? r.As(ContractsJsonContext.Default.Mt5SignalMapping) : null;

    public TelegramMapping? Telegram(string key) =>
        TopicReader.LatestByKey(TelegramMappings()).TryGetValue(key, out var r) ? r.As(ContractsJsonContext.Default.TelegramMapping) : null;

    /// <summary>The ingest's own position store (its changelog, internal to mt5-ingest): the latest JSON of <paramref name="key"/>.</summary>
    public string? PositionState(string key) =>
        TopicReader.LatestByKey(TopicReader.ReadAll(bootstrap, topics.Name("mt5-ingest-positions-changelog"))).TryGetValue(key, out var r) ? r.Text : null;

    public Signal? Signal(string signalId) =>
        TopicReader.LatestByKey(Signals()).TryGetValue(signalId, out var r) ? r.As(ContractsJsonContext.Default.Signal) : null;
}

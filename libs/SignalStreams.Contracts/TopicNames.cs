namespace SignalStreams.Contracts;

/// <summary>
/// Topic names with the configured prefix (<c>Kafka:TopicPrefix</c>). Every topic signal-streams uses is in
/// <see cref="Catalog"/> (the embedded <c>topics.txt</c>): the topics of CONTRACT.md §2 and the services' internal
/// topics, each with its partition count and retention; topics marked so have a <c>.dlq</c> twin for records that
/// cannot be parsed or validated.
/// </summary>
public sealed class TopicNames(string? prefix = null)
{
    public const string DeadLetterSuffix = ".dlq";

    /// <summary>The contract's topics and every service's internal ones, unprefixed, from <c>topics.txt</c>.</summary>
    public static readonly IReadOnlyList<TopicSpec> Catalog = TopicCatalog.Load();

    /// <summary>Dead-letter topics keep a record for two weeks so that an operator has time to look.</summary>
    public static readonly TimeSpan DeadLetterRetention = TimeSpan.FromDays(14);

    public string Prefix { get; } = prefix ?? "";

    public string Signals => Name("signals");
    public string UserSettings => Name("user-settings");
    public string UserCredentials => Name("user-credentials");
    public string ExecutionCommands => Name("execution-commands");
    public string ExecutionRequests => Name("execution-requests");
    public string SignalExecutions => Name("signal-executions");
    public string Positions => Name("positions");
    public string Mt5PositionEvents => Name("mt5-position-events");
    public string Mt5SignalMappings => Name("mt5-signal-mappings");
    public string TelegramMappings => Name("telegram-mappings");
    public string ExecutionDecisions => Name("execution-decisions");

    public string Name(string baseName) => Prefix + baseName;

    public static string DeadLetterOf(string topic) => topic + DeadLetterSuffix;

    /// <summary>Every topic to create, prefixed: the catalog's topics and a single-partition DLQ for each that has one.</summary>
    public IEnumerable<TopicSpec> All() => Catalog.SelectMany(WithDeadLetter);

    /// <summary>The internal topics of one service (by application id), prefixed, with their DLQs.</summary>
    public IEnumerable<TopicSpec> InternalTopicsOf(string applicationId) =>
        Catalog.Where(s => s.IsInternal && s.Owner == applicationId).SelectMany(WithDeadLetter);

    /// <summary>
    /// The internal topics of <paramref name="owner"/> for an instance running under another application id
    /// (Streamiz names them <c>{applicationId}-{store}-changelog</c>), prefixed, e.g. for tests that give each
    /// run its own consumer group.
    /// </summary>
    public IEnumerable<TopicSpec> InternalTopicsOf(string owner, string applicationId) =>
        InternalTopicsOf(owner).Select(spec => spec with { BaseName = Name(applicationId) + spec.BaseName[Name(owner).Length..], Owner = applicationId });

    /// <summary>Partition count of a catalog topic, by prefixed name.</summary>
    public int PartitionsOf(string topic) =>
        Catalog.FirstOrDefault(s => Name(s.BaseName) == topic)?.Partitions
        ?? throw new ArgumentException($"'{topic}' is not in the topic catalog.", nameof(topic));

    private IEnumerable<TopicSpec> WithDeadLetter(TopicSpec spec)
    {
        var name = Name(spec.BaseName);
        yield return spec with { BaseName = name };
        if (spec.HasDeadLetter)
        {
            yield return new TopicSpec(DeadLetterOf(name), 1, Compacted: false, DeadLetterRetention, spec.Owner);
        }
    }
}

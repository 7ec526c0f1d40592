namespace SignalStreams.Contracts;

/// <summary>
/// Topic names with the configured prefix (<c>Kafka:TopicPrefix</c>). Every topic of CONTRACT.md §2 is listed in
/// <see cref="All"/> with its partition count and retention; each has a <c>.dlq</c> twin for records that cannot
/// be parsed or validated.
/// </summary>
public sealed class TopicNames(string? prefix = null)
{
    public const string DeadLetterSuffix = ".dlq";

    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    /// <summary>The contract's topics and the project's internal ones, unprefixed.</summary>
    public static readonly IReadOnlyList<TopicSpec> Catalog =
    [
        new("signals", 6, Compacted: true, Retention: null),
        new("user-settings", 12, Compacted: true, Retention: null),
        new("user-credentials", 12, Compacted: true, Retention: null),
        new("execution-commands", 12, Compacted: false, Retention: OneDay),
        new("execution-requests", 12, Compacted: false, Retention: OneDay),
        new("signal-executions", 12, Compacted: true, Retention: null),
        new("positions", 12, Compacted: true, Retention: null),
        new("mt5-position-events", 6, Compacted: false, Retention: TimeSpan.FromDays(7)),
        new("mt5-signal-mappings", 6, Compacted: true, Retention: null),
        new("telegram-mappings", 6, Compacted: true, Retention: null),

        // Internal (not in the contract): the signal-router's changelog of which signals it fanned out.
        new("signal-router-state", 6, Compacted: true, Retention: null),
    ];

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
    public string SignalRouterState => Name("signal-router-state");

    public string Name(string baseName) => Prefix + baseName;

    public static string DeadLetterOf(string topic) => topic + DeadLetterSuffix;

    /// <summary>Every topic to create, prefixed: the contract's topics and one single-partition DLQ for each.</summary>
    public IEnumerable<TopicSpec> All()
    {
        foreach (var spec in Catalog)
        {
            yield return spec with { BaseName = Name(spec.BaseName) };
            yield return new TopicSpec(DeadLetterOf(Name(spec.BaseName)), 1, Compacted: false, DeadLetterRetention);
        }
    }

    /// <summary>Partition count of a contract topic, by prefixed name.</summary>
    public int PartitionsOf(string topic) =>
        Catalog.FirstOrDefault(s => Name(s.BaseName) == topic)?.Partitions
        ?? throw new ArgumentException($"'{topic}' is not a contract topic.", nameof(topic));
}

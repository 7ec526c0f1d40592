using System.Text.Json.Serialization.Metadata;

namespace SignalStreams.Streams;

/// <summary>What a partitioned processor consumes, which stores its tasks own, and how it runs.</summary>
public sealed class StreamProcessorOptions
{
    /// <summary>Consumer group id; also the stem of client ids. Instances with the same id share the partitions.</summary>
    public string ApplicationId { get; set; } = "";

    /// <summary>Co-partitioned input topics (same partition count, same keying). Full names, prefix included.</summary>
    public List<string> InputTopics { get; } = [];

    /// <summary>State stores every task owns; each store's changelog partition is the task's partition number.</summary>
    public List<StoreDefinition> Stores { get; } = [];

    /// <summary>
    /// 1 (the default) processes a partition strictly sequentially. Above 1, records with different keys run
    /// concurrently up to this many keys per partition, while records of one key stay strictly in order.
    /// </summary>
    public int MaxConcurrentKeysPerPartition { get; set; } = 1;

    /// <summary>Records handed to a partition task but not completed, at most (bounds memory with a slow key).</summary>
    public int MaxInFlightPerPartition { get; set; } = 1000;

    /// <summary>A partition is paused while this many fetched records wait in its task, and resumed at half.</summary>
    public int MaxBufferedRecordsPerPartition { get; set; } = 2000;

    /// <summary>How often completed offsets are committed (and always on revoke and on stop).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait before a failed record is retried; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a revoked task may take to finish the records it is running before they are cancelled.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often stores with retention remove expired entries (with tombstones).</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    public AssignmentMode Assignment { get; set; } = AssignmentMode.Eager;

    /// <summary>librdkafka consumer properties applied last (e.g. <c>session.timeout.ms</c> in tests).</summary>
    public Dictionary<string, string> ConsumerOverrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Declares a typed store whose changelog is <paramref name="changelogTopic"/> (plain contract records).</summary>
    public StoreDefinition<T> AddStore<T>(string name, string changelogTopic, JsonTypeInfo<T> typeInfo, string schema)
        where T : class
    {
        var store = new StoreDefinition<T>(name, changelogTopic, typeInfo, schema);
        Stores.Add(store);
        return store;
    }

    /// <summary>Throws with one sentence per problem when the options cannot work.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ApplicationId))
        {
            problems.Add("ApplicationId (the consumer group id) is required.");
        }

        if (InputTopics.Count == 0)
        {
            problems.Add("At least one input topic is required.");
        }

        if (InputTopics.Count > 1 && Assignment == AssignmentMode.CooperativeSticky)
        {
            problems.Add("Cooperative-sticky assignment does not keep co-partitioned input topics together; use Eager with several input topics.");
        }

        if (MaxConcurrentKeysPerPartition < 1 || MaxInFlightPerPartition < 1 || MaxBufferedRecordsPerPartition < 2)
        {
            problems.Add("MaxConcurrentKeysPerPartition and MaxInFlightPerPartition must be at least 1, MaxBufferedRecordsPerPartition at least 2.");
        }

        if (Stores.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != Stores.Count)
        {
            problems.Add("Store names must be unique.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }
}

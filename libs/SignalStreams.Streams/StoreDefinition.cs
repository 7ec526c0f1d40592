namespace SignalStreams.Streams;

/// <summary>A named state store and the topic that is its changelog.</summary>
public abstract class StoreDefinition
{
    private protected StoreDefinition(string name, string changelogTopic, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(changelogTopic);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        Name = name;
        ChangelogTopic = changelogTopic;
        Schema = schema;
    }

    public string Name { get; }

    /// <summary>Full topic name; written to the same partition number as the task's input partition.</summary>
    public string ChangelogTopic { get; }

    /// <summary>The <c>schema</c> header written with every changelog record (e.g. <c>signal-execution.v1</c>).</summary>
    public string Schema { get; }

    internal abstract IChangelogStore Create(int partition, ChangelogWriter writer, TimeProvider time);
}

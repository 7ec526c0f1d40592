using System.Text.Json.Serialization.Metadata;

namespace SignalStreams.Streams;

/// <summary>A store of <typeparamref name="T"/> values, serialized with the contract's source-generated JSON.</summary>
public sealed class StoreDefinition<T> : StoreDefinition
    where T : class
{
    internal StoreDefinition(string name, string changelogTopic, JsonTypeInfo<T> typeInfo, string schema)
        : base(name, changelogTopic, schema) => TypeInfo = typeInfo;

    public JsonTypeInfo<T> TypeInfo { get; }

    internal override IChangelogStore Create(int partition, ChangelogWriter writer, TimeProvider time) =>
        new ChangelogStore<T>(this, partition, writer, time);
}

using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace SignalStreams.Streamiz;

/// <summary>
/// A record a task sends to any topic: the key travels as the stream's key, the headers on the record context
/// (set by <see cref="StreamTaskContext"/> before forwarding); a null value is a tombstone.
/// </summary>
public sealed record Outgoing(string Topic, byte[]? Value);

/// <summary>Writes an <see cref="Outgoing"/>'s value bytes as they are.</summary>
internal sealed class OutgoingSerDes : AbstractSerDes<Outgoing>
{
    public override byte[] Serialize(Outgoing data, SerializationContext context) => data?.Value!;

    public override Outgoing Deserialize(byte[] data, SerializationContext context) =>
        throw new NotSupportedException("Outgoing records are only written.");
}

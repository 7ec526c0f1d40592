using System.Text;

namespace SignalStreams.Contracts;

/// <summary>
/// The partition the Java client's default partitioner (and librdkafka's <c>murmur2_random</c>) chooses for a
/// non-null key: <c>toPositive(murmur2(keyBytes)) % numPartitions</c>. Used to write a record to the partition of
/// another key, such as a <c>{signalId}:{userId}</c> record to the partition of its userId.
/// </summary>
public static class Murmur2Partitioner
{
    public static int PartitionFor(string key, int partitionCount) =>
        PartitionFor(Encoding.UTF8.GetBytes(key), partitionCount);

    public static int PartitionFor(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return (Hash(key) & 0x7fffffff) % partitionCount;
    }

    /// <summary>MurmurHash2, 32-bit, seed 0x9747b28c, exactly as Kafka's <c>Utils.murmur2</c>.</summary>
    public static int Hash(ReadOnlySpan<byte> data)
    {
        const uint seed = 0x9747b28c;
        const uint m = 0x5bd1e995;
        const int r = 24;

        var length = data.Length;
        var h = seed ^ (uint)length;
        var quads = length / 4;
        for (var i = 0; i < quads; i++)
        {
            var k = (uint)(data[i * 4] | data[(i * 4) + 1] << 8 | data[(i * 4) + 2] << 16 | data[(i * 4) + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = quads * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return unchecked((int)h);
    }
}

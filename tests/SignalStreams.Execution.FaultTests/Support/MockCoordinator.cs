namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>
/// Which broker of the librdkafka mock cluster coordinates a consumer group: the mock hashes the group id with
/// CRC-32 and takes that index into its broker list (ids 1..n). Lets a test take a broker down without taking
/// the group's coordinator with it.
/// </summary>
public static class MockCoordinator
{
    private static readonly uint[] Table = BuildTable();

    public static int BrokerOf(string groupId, int brokerCount) =>
        (int)(Crc32(System.Text.Encoding.UTF8.GetBytes(groupId)) % (uint)brokerCount) + 1;

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

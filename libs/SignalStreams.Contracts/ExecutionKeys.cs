namespace SignalStreams.Contracts;

/// <summary>Keys of the per-(signal, user) topics.</summary>
public static class ExecutionKeys
{
    /// <summary><c>{signalId}:{userId}</c>: the key of <c>signal-executions</c>.</summary>
    public static string Of(string signalId, string userId) => $"{signalId}:{userId}";

    /// <summary>Splits <c>{signalId}:{userId}</c>; the userId never contains ':' so the last one separates.</summary>
    public static (string SignalId, string UserId) Parse(string key)
    {
        var split = key.LastIndexOf(':');
        if (split <= 0 || split == key.Length - 1)
        {
            throw new FormatException($"'{key}' is not a {{signalId}}:{{userId}} key.");
        }

        return (key[..split], key[(split + 1)..]);
    }
}

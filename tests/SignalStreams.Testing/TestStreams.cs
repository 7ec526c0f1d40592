namespace SignalStreams.Testing;

/// <summary>
/// Settings every Streamiz-based service gets in tests: a state directory of its own (two instances in one
/// process must not share RocksDB folders; the same dictionary reused for a restart keeps its directory), quick
/// group membership on the dev cluster, and short commits so a test's crash loses little.
/// </summary>
public static class TestStreams
{
    public static Dictionary<string, string?> Settings(string? stateDir = null) => new(StringComparer.Ordinal)
    {
        ["Streams:StateDir"] = stateDir ?? NewStateDir(),
        ["Streams:CommitIntervalMs"] = "200",
        ["Streams:Consumer:session.timeout.ms"] = "6000",
        ["Streams:Consumer:heartbeat.interval.ms"] = "1000",
        ["Streams:Consumer:fetch.wait.max.ms"] = "20",
        ["Streams:Producer:linger.ms"] = "5",
    };

    /// <summary>A fresh, empty state directory under the temp folder.</summary>
    public static string NewStateDir() =>
        Directory.CreateTempSubdirectory("signal-streams-state-").FullName;

    /// <summary>Adds <see cref="Settings"/> to <paramref name="settings"/> (existing keys win).</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string? stateDir = null)
    {
        foreach (var (key, value) in Settings(stateDir))
        {
            settings.TryAdd(key, value);
        }

        return settings;
    }
}

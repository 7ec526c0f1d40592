namespace SignalStreams.Testing;

/// <summary>
/// Settings every Streamiz-based service gets in tests: a state directory of its own (two instances in one
/// process must not share RocksDB folders; the same dictionary reused for a restart keeps its directory), quick
/// group membership on the dev cluster, short commits so a test's crash loses little, and the dev cluster's
/// low-latency profile (<see cref="DevClusterProfile"/>).
/// </summary>
public static class TestStreams
{
    /// <summary>
    /// The dev cluster (librdkafka's mock) profile, as in <c>scripts/run.sh</c> and docs/configuration.md: the mock holds
    /// an empty fetch for the whole <c>fetch.wait.max.ms</c> even when records arrive meanwhile (500 ms by default, at every
    /// hop), producers wait <c>linger.ms</c> before sending, and a Streamiz stream thread collects records for
    /// <c>Streams:PollMs</c> before it processes them and runs its punctuations (the executor's answers) only between polls.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DevClusterProfile { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Streams:Consumer:fetch.wait.max.ms"] = "5",
        ["Streams:Producer:linger.ms"] = "1",
        ["Streams:PollMs"] = "2",
    };

    public static Dictionary<string, string?> Settings(string? stateDir = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Streams:StateDir"] = stateDir ?? NewStateDir(),
            ["Streams:CommitIntervalMs"] = "200",
            ["Streams:Consumer:session.timeout.ms"] = "6000",
            ["Streams:Consumer:heartbeat.interval.ms"] = "1000",
        };
        return settings.WithDevClusterProfile();
    }

    /// <summary>
    /// A fresh, empty state directory under the temp folder, deleted when the test process exits (RocksDB
    /// preallocates megabytes per store; a suite that kept them filled the disk of a long-lived machine).
    /// </summary>
    public static string NewStateDir()
    {
        var directory = Directory.CreateTempSubdirectory("signal-streams-state-").FullName;
        CreatedStateDirs.Add(directory);
        return directory;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> CreatedStateDirs = CreateStateDirBag();

    private static System.Collections.Concurrent.ConcurrentBag<string> CreateStateDirBag()
    {
        var bag = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var directory in bag)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: a store still being closed keeps its directory until the next clean-up.
                }
            }
        };
        return bag;
    }

    /// <summary>Adds <see cref="Settings"/> to <paramref name="settings"/> (existing keys win).</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string? stateDir = null)
    {
        foreach (var (key, value) in Settings(stateDir))
        {
            settings.TryAdd(key, value);
        }

        return settings;
    }

    /// <summary>Adds <see cref="DevClusterProfile"/> to <paramref name="settings"/> (existing keys win).</summary>
    public static Dictionary<string, TValue> WithDevClusterProfile<TValue>(this Dictionary<string, TValue> settings)
    {
        foreach (var (key, value) in DevClusterProfile)
        {
            settings.TryAdd(key, (TValue)(object)value);
        }

        return settings;
    }
}

namespace SignalStreams.Deployment.Tests;

/// <summary>The deployable services, their projects, and the input topic whose partitions bound their replicas.</summary>
internal static class ServiceCatalog
{
    public static readonly IReadOnlyList<(string Name, string Project, string? InputTopic)> Charted =
    [
        ("signal-api", "services/SignalStreams.SignalApi", null),
        ("signal-router", "services/SignalStreams.SignalRouter", "signals"),
        ("signal-executor", "services/SignalStreams.SignalExecutor", "execution-commands"),
        ("mt5-ingest", "services/SignalStreams.Mt5Ingest", "mt5-position-events"),
        ("paper-exchange", "services/SignalStreams.PaperExchange", null),
    ];

    /// <summary>Every container the compose demo builds from the repository's Dockerfile.</summary>
    public static readonly IReadOnlyList<(string Name, string Project)> Built =
    [
        .. Charted.Select(s => (s.Name, s.Project)),
        ("fake-telegram", "tools/SignalStreams.FakeTelegram"),
    ];

    /// <summary>The services that run a Streamiz application, so keep RocksDB state under Streams:StateDir.</summary>
    public static readonly IReadOnlyList<string> WithStreamsState = ["signal-router", "signal-executor", "mt5-ingest"];

    /// <summary>Where the image puts Streams:StateDir, and where compose and the charts mount a volume.</summary>
    public const string StateDir = "/var/lib/signal-streams/state";

    public static IEnumerable<object[]> StreamsStateServices => WithStreamsState.Select(s => new object[] { s });

    public static IEnumerable<object[]> ChartNames => Charted.Select(s => new object[] { s.Name });
}

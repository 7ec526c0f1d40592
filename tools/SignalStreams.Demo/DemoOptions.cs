namespace SignalStreams.Demo;

/// <summary>Command line of the demo: <c>--bootstrap HOST:PORT,...</c>.</summary>
internal sealed record DemoOptions(string Bootstrap)
{
    public static DemoOptions Parse(string[] args) => args switch
    {
        ["--bootstrap", var bootstrap] => new DemoOptions(bootstrap),
        _ => throw new ArgumentException("Usage: demo --bootstrap SERVERS"),
    };
}

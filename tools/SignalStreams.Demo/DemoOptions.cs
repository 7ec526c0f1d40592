using System.Globalization;

namespace SignalStreams.Demo;

/// <summary>
/// Command line of the demo: <c>--bootstrap SERVERS --master-key BASE64 --paper-url URL [--users N] [--binance-users M]</c>.
/// Binance users trade against the paper exchange standing in for Binance, with keys <c>demo-binance-key-{i}</c>.
/// </summary>
internal sealed record DemoOptions(string Bootstrap, string MasterKey, string PaperUrl, int Users, int BinanceUsers)
{
    public static DemoOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.ContainsKey("--bootstrap") || !values.ContainsKey("--master-key") || !values.ContainsKey("--paper-url"))
        {
            throw new ArgumentException("Usage: demo --bootstrap SERVERS --master-key BASE64 --paper-url URL [--users N] [--binance-users M]");
        }

        return new DemoOptions(
            values["--bootstrap"],
            values["--master-key"],
            values["--paper-url"],
            int.Parse(values.GetValueOrDefault("--users", "50"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--binance-users", "2"), CultureInfo.InvariantCulture));
    }
}

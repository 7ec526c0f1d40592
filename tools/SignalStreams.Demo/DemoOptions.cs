using System.Globalization;

namespace SignalStreams.Demo;

/// <summary>
/// Command line of the demo (scripts/run.sh passes every value): the signal-api with an admin token, the MT5 webhook
/// and its secret, and the paper exchange and fake Telegram admin APIs to count what reached them.
/// </summary>
internal sealed record DemoOptions(Uri Api, string AdminToken, Uri Mt5, string Mt5Secret, Uri Paper, Uri Telegram, int Users, int BinanceUsers)
{
    private const string Usage = "Usage: demo --api URL --admin-token T --mt5 URL --mt5-secret S --paper URL --telegram URL [--users N] [--binance-users M]";

    public static DemoOptions Parse(string[] args)
    {
        if (args.Length % 2 != 0)
        {
            throw new ArgumentException(Usage);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required. {Usage}");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new DemoOptions(
            new Uri(Required("--api")),
            Required("--admin-token"),
            new Uri(Required("--mt5")),
            Required("--mt5-secret"),
            new Uri(Required("--paper")),
            new Uri(Required("--telegram")),
            Number("--users", 50),
            Number("--binance-users", 2));
    }
}

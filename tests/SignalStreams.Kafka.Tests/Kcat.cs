using System.Diagnostics;

namespace SignalStreams.Kafka.Tests;

/// <summary>Runs kcat, an independent Kafka client, so that what our code wrote is checked by someone else's reader.</summary>
internal static class Kcat
{
    /// <summary>Every record of a topic as "key|partition|headers" lines (kcat -C from the beginning to the end).</summary>
    public static async Task<IReadOnlyList<string>> ConsumeAllAsync(string bootstrap, string topic)
    {
        var info = new ProcessStartInfo("kcat")
        {
            ArgumentList = { "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k|%p|%h\\n" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kcat did not start; run scripts/setup.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kcat failed: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

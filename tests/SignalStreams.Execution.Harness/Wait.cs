using SignalStreams.Testing;

namespace SignalStreams.Execution.Harness;

/// <summary><see cref="Eventually"/> with the recent output of the service processes in the failure message.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string because, TimeSpan timeout, params ServiceProcess[] processes)
    {
        try
        {
            await Eventually.UntilAsync(condition, because, timeout);
        }
        catch (TimeoutException e)
        {
            var output = string.Join(Environment.NewLine, processes.Select(p => $"--- {p.Name} (exited: {p.HasExited}) ---{Environment.NewLine}{Tail(p.RecentOutput)}"));
            throw new TimeoutException(e.Message + Environment.NewLine + output, e);
        }
    }

    private static string Tail(string output)
    {
        var lines = output.Split(Environment.NewLine);
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 40)));
    }
}

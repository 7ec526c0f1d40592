using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace SignalStreams.Hosting;

public static class ServiceRunner
{
    /// <summary>
    /// Runs the host; a missing or invalid required setting stops it with one sentence naming the key (exit code 2)
    /// instead of a stack trace.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join(" ", e.Failures.Select(f => f.Contains("DataAnnotation validation failed", StringComparison.Ordinal) ? StripPreamble(f) : f)));
            return 2;
        }
        catch (MissingConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    // "DataAnnotation validation failed for 'KafkaOptions' members: 'BootstrapServers' with the error: 'X'." -> "X"
    private static string StripPreamble(string failure)
    {
        const string marker = "with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 ? failure : failure[(start + marker.Length)..].TrimEnd('.', '\'') ;
    }
}

using System.Diagnostics;
using SignalStreams.Testing;

namespace SignalStreams.Mt5Ingest.Tests;

/// <summary>The real mt5-ingest as a child process (dotnet SignalStreams.Mt5Ingest.dll), so a test can kill it -9.</summary>
internal sealed class IngestProcess : IDisposable
{
    private readonly Process _process;

    private IngestProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<IngestProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            // --urls on the command line wins over any appsettings.json copied into the test folder by other projects.
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "SignalStreams.Mt5Ingest.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!settings.ContainsKey("Streams:StateDir"))
        {
            settings = new Dictionary<string, string?>(settings) { ["Streams:StateDir"] = IngestInstance.NewStateDir() };
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(info) ?? throw new InvalidOperationException("The ingest process did not start.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ingest = new IngestProcess(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        try
        {
            await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync(ingest.BaseUrl + "/health/live")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the ingest process serves /health/live",
            TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            ingest.Dispose();
            throw new TimeoutException(e.Message + " Its last output:\n" + string.Join("\n", output), e);
        }

        return ingest;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line.Length > 600 ? line[..600] : line);
        while (output.Count > 20)
        {
            output.TryDequeue(out _);
        }
    }

    /// <summary>Posts a signed webhook request to the process.</summary>
    public async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var http = new HttpClient();
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/api/mt5/events") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(IngestInstance.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        return await http.SendAsync(request);
    }

    /// <summary>SIGKILL: no drain, no commit, no code after the current instruction.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}

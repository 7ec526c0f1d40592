using System.Collections.Concurrent;
using System.Diagnostics;

namespace SignalStreams.Testing;

/// <summary>
/// A service as its own process (<c>dotnet {service}.dll</c> from the test's output folder), configured only through
/// environment variables, on a free loopback port, started when its <c>/health/ready</c> answers 200.
/// </summary>
public sealed class HttpServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HttpServiceProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string LastOutput => string.Join("\n", _output);

    public static async Task<HttpServiceProcess> StartAsync(string assemblyName, IDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            // --urls on the command line wins over any appsettings.json copied into the test folder by other projects.
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"), "--urls", url },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{assemblyName} did not start.");
        var service = new HttpServiceProcess(process, new Uri(url));
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = service.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    try
                    {
                        return !process.HasExited && (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"{assemblyName} reports ready",
                TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            service.Dispose();
            throw new TimeoutException($"{e.Message} Its last output:\n{service.LastOutput}", e);
        }

        return service;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line.Length > 600 ? line[..600] : line);
        while (_output.Count > 30)
        {
            _output.TryDequeue(out _);
        }
    }
}

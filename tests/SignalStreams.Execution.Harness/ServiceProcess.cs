using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SignalStreams.Execution.Harness;

/// <summary>
/// A service (the executor or the router) running as its own OS process from its build output, configured through
/// environment variables only, so that it can be killed with SIGKILL exactly as a crash would end it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Log texts counted over the whole life of the process (the kept output is only the last lines).</summary>
    private static readonly string[] CountedMarkers = ["Executed ", "You have already executed this signal", "Fanned out "];
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _ownStateDir;

    private ServiceProcess(Process process, string name, int port)
    {
        _process = process;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The OS process id (e.g. to read <c>/proc/{id}/maps</c>).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _lines);

    /// <summary>Starts <c>services/{project}/bin/{Configuration}/net10.0/{project}.dll</c> with <paramref name="settings"/> as environment.</summary>
    public static ServiceProcess Start(string project, string name, IReadOnlyDictionary<string, string> settings)
    {
        var directory = BuildOutput.ServiceDirectory(project);
        var dll = Path.Combine(directory, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution in {BuildOutput.Configuration} first.");
        }

        var port = SignalStreams.Testing.FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A state directory of its own for every process started, unless the test names one (a restart that keeps it).
        // Its own is deleted when the process is disposed: RocksDB preallocates ~8 MB per task, ~100 MB per executor.
        var ownStateDir = settings.ContainsKey("Streams:StateDir") ? null : Path.Combine(Path.GetTempPath(), "signal-streams-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        if (ownStateDir is not null)
        {
            info.Environment["Streams__StateDir"] = ownStateDir;
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{project} did not start.");
        var service = new ServiceProcess(process, name, port) { _ownStateDir = ownStateDir };
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGTERM, as a deploy or a node drain sends it, and waits until the process has exited.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
            await term.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>SIGKILL to the whole process tree: no shutdown hooks, no commits, no flushing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// The number of lines so far that contain <paramref name="text"/>: over the process's whole life for the
    /// counted markers (executed, refused as duplicate, fanned out), else among the last lines kept.
    /// </summary>
    public int CountLines(string text) =>
        CountedMarkers.Contains(text, StringComparer.Ordinal) ? _counts.GetValueOrDefault(text) : _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        if (_ownStateDir is not null && Directory.Exists(_ownStateDir))
        {
            Directory.Delete(_ownStateDir, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        foreach (var marker in CountedMarkers)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                _counts.AddOrUpdate(marker, 1, (_, n) => n + 1);
            }
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }
}

using System.Diagnostics;
using SignalStreams.Redis;
using StackExchange.Redis;

namespace SignalStreams.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, started once per collection and stopped afterwards.
/// <see cref="Stop"/> and <see cref="Start"/> take it down and back up on the same port, for fault injection.
/// </summary>
public sealed class RedisServerFixture : IDisposable
{
    private Process? _process;

    public RedisServerFixture()
    {
        Port = FreePort.Next();
        Start();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    public ConnectionMultiplexer Connect() => RedisServiceCollectionExtensions.Connect(Configuration);

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var info = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/setup.sh (apt-get install redis-server).", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!FreePort.WaitUntilListening(Port, TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s.");
        }
    }

    /// <summary>Kills the server (as a crash would), so clients see connection failures.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}

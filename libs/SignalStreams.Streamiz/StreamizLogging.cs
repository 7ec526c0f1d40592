using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SignalStreams.Streamiz;

/// <summary>
/// Streamiz keeps ONE static logger factory per process (the last <c>StreamConfig.Logger</c> set wins) and keeps
/// using it after its host is gone. This forwarder is what Streamiz gets: its loggers write to the factory of a
/// host that is still running, so a process with several hosts (tests, benchmarks) never logs to a disposed one.
/// </summary>
internal sealed class StreamizLogging : ILoggerFactory
{
    public static readonly StreamizLogging Instance = new();

    private readonly ConcurrentDictionary<ILoggerFactory, byte> _hosts = new();

    public void Register(ILoggerFactory factory) => _hosts.TryAdd(factory, 0);

    public void Unregister(ILoggerFactory factory) => _hosts.TryRemove(factory, out _);

    public ILogger CreateLogger(string categoryName) => new ForwardingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private ILogger? Current(string category)
    {
        foreach (var factory in _hosts.Keys)
        {
            try
            {
                return factory.CreateLogger(category);
            }
            catch (ObjectDisposedException)
            {
                _hosts.TryRemove(factory, out _);
            }
        }

        return null;
    }

    private sealed class ForwardingLogger(StreamizLogging owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.Current(category)?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => owner.Current(category)?.IsEnabled(logLevel) ?? false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Current(category)?.Log(logLevel, eventId, state, exception, formatter);
    }
}

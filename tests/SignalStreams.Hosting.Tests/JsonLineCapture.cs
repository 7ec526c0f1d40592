using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SignalStreams.Hosting.Tests;

/// <summary>
/// A logger provider that formats every entry with the host's own JSON console formatter (as configured by
/// AddServiceDefaults) into memory, so tests read exactly the lines the console would get.
/// </summary>
internal sealed class JsonLineCapture(IEnumerable<ConsoleFormatter> formatters) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter = formatters.Single(f => f.Name == ConsoleFormatterNames.Json);
    private readonly List<string> _lines = [];
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(JsonLineCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes ?? new LoggerExternalScopeProvider(), writer);
            lock (owner._lines)
            {
                owner._lines.Add(writer.ToString());
            }
        }
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SignalStreams.Streamiz;

/// <summary>
/// The logger factory handed to Streamiz. Streamiz keeps the last one in a static and uses it while the NEXT
/// application's configuration is built (before that application replaces it), so a process that hosts one
/// application after another (tests) would otherwise hit the first host's disposed factory. A disposed inner
/// factory yields null loggers instead of throwing.
/// </summary>
internal sealed class StreamizLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        try
        {
            return inner.CreateLogger(categoryName);
        }
        catch (ObjectDisposedException)
        {
            return NullLogger.Instance;
        }
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The host owns the inner factory.
    }
}

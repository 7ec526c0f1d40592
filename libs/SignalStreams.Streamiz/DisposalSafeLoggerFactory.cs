using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SignalStreams.Streamiz;

/// <summary>
/// The logger factory handed to Streamiz. Streamiz keeps the last one in a process-wide static
/// (<c>Crosscutting.Logger</c>) and uses it in the next <c>StreamConfig</c>'s constructor, before that config's own
/// factory is set; after the first host of a process (a test, a benchmark) was disposed, that is a disposed
/// factory and the next host failed to start (<see cref="ObjectDisposedException"/>). This one answers with a null
/// logger once its host's factory is gone, and is never disposed by Streamiz.
/// </summary>
internal sealed class DisposalSafeLoggerFactory(ILoggerFactory inner) : ILoggerFactory
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

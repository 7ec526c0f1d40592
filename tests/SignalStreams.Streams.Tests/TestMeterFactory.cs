using System.Diagnostics.Metrics;

namespace SignalStreams.Streams.Tests;

/// <summary>Meters for objects built by hand in tests.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}

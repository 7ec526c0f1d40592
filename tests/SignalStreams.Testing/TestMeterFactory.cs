using System.Diagnostics.Metrics;

namespace SignalStreams.Testing;

/// <summary>Meters for objects built by hand in tests and benchmarks (a host gets its IMeterFactory from DI); disposing it disposes them.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}

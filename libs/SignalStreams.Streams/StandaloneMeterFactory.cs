using System.Diagnostics.Metrics;

namespace SignalStreams.Streams;

/// <summary>Meters for a runtime built without dependency injection (tests, benchmarks).</summary>
internal sealed class StandaloneMeterFactory : IMeterFactory
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

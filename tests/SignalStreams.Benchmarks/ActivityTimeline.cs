using System.Collections.Concurrent;
using System.Diagnostics;

namespace SignalStreams.Benchmarks;

/// <summary>
/// Every <see cref="Activity"/> the services hosted in this process start (their own spans, HTTP calls to the
/// exchange, ...), with its start and duration: the single-user runs happen one after another, so each run's spans are
/// those that start between its acknowledged publish and its executed record's arrival. Medians per span name, as
/// offsets from the acknowledged publish.
/// </summary>
internal sealed class ActivityTimeline : IDisposable
{
    private readonly ConcurrentQueue<(string Name, DateTimeOffset Start, TimeSpan Duration)> _spans = new();
    private readonly ActivityListener _listener;

    public ActivityTimeline()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => _spans.Enqueue((a.Source.Name + ":" + a.DisplayName, new DateTimeOffset(a.StartTimeUtc, TimeSpan.Zero), a.Duration)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Per span name: median and last start after the acknowledged publish, median duration, spans per run.</summary>
    public IReadOnlyList<(string Name, double StartMs, double LastStartMs, double DurationMs, double PerRun)> Medians(IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> runs)
    {
        var byName = new Dictionary<string, List<(double Start, double Duration)>>(StringComparer.Ordinal);
        foreach (var (name, start, duration) in _spans)
        {
            foreach (var (from, to) in runs)
            {
                if (start >= from && start <= to)
                {
                    if (!byName.TryGetValue(name, out var list))
                    {
                        byName[name] = list = [];
                    }

                    list.Add(((start - from).TotalMilliseconds, duration.TotalMilliseconds));
                    break;
                }
            }
        }

        return byName.Select(e => (e.Key, Percentiles.Of(e.Value.Select(v => v.Start).Order().ToArray(), 0.5), e.Value.Max(v => v.Start), Percentiles.Of(e.Value.Select(v => v.Duration).Order().ToArray(), 0.5), (double)e.Value.Count / runs.Count))
            .OrderBy(e => e.Item2).ToList();
    }

    /// <summary>Writes <see cref="Medians"/> to the benchmark's log.</summary>
    public void Log(BenchmarkContext context, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> runs)
    {
        context.Log("spans: median start after the acknowledged publish, last start, median duration, spans per run");
        foreach (var (name, start, last, duration, perRun) in Medians(runs))
        {
            context.Log($"  {name,-60} {start,8:0.0} ms {last,8:0.0} ms {duration,8:0.0} ms {perRun,7:0.0}x");
        }
    }

    public void Dispose() => _listener.Dispose();
}

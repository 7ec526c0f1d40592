namespace SignalStreams.Benchmarks;

internal static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of ascending <paramref name="sorted"/>.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

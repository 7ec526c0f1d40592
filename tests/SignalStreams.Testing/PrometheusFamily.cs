namespace SignalStreams.Testing;

/// <summary>A metric family of a scrape: its <c># TYPE</c>, <c># HELP</c> and samples.</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples);

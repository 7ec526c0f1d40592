using System.Diagnostics;

namespace SignalStreams.Hosting;

/// <summary>
/// Makes the <c>SignalStreams*</c> and ASP.NET Core activity sources produce activities even when no trace exporter
/// is configured, so a trace id read from a Kafka <c>traceparent</c> header reaches the log lines (TraceId scope)
/// and the next record produced. An OTLP exporter, when configured, listens beside it and decides what it records.
/// </summary>
internal sealed class TraceContextListener : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => IsTraced(source.Name),
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllData,
    };

    public TraceContextListener() => ActivitySource.AddActivityListener(_listener);

    /// <summary>The activity sources the services' traces are made of.</summary>
    public static bool IsTraced(string sourceName) =>
        sourceName.StartsWith("SignalStreams", StringComparison.Ordinal) || sourceName == "Microsoft.AspNetCore";

    public void Dispose() => _listener.Dispose();
}

using System.Diagnostics.Metrics;

namespace SignalStreams.Hosting.Tests;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("SignalStreams.Tests.Exporter." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests() => _exporter = new PrometheusExporter(meter => meter == _meter);

    [Fact]
    public void Output_for_known_instruments_matches_the_Prometheus_text_format_exactly()
    {
        var orders = _meter.CreateCounter<long>("orders.placed", description: "Orders placed at the exchange.");
        var inFlight = _meter.CreateUpDownCounter<int>("executions-in-flight", description: "Executions waiting for the exchange.");
        var lag = 42.5;
        _meter.CreateObservableGauge("consumer.lag", () => new Measurement<double>(lag, new KeyValuePair<string, object?>("topic", "execution-commands")), description: "Records not yet consumed.");
        var latency = _meter.CreateHistogram<double>(
            "order.latency", unit: "ms", description: "Exchange round trip.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100, 1000] });

        orders.Add(2, new("side", "BUY"), new("market", "FUTURES"));
        orders.Add(1, new("market", "FUTURES"), new("side", "BUY"));
        orders.Add(1, new("side", "SELL"), new("market", "SPOT"));
        inFlight.Add(3);
        inFlight.Add(-1);
        latency.Record(5);
        latency.Record(10);
        latency.Record(250.5);
        latency.Record(5000);

        var expected = """
            # HELP consumer_lag Records not yet consumed.
            # TYPE consumer_lag gauge
            consumer_lag{topic="execution-commands"} 42.5
            # HELP executions_in_flight Executions waiting for the exchange.
            # TYPE executions_in_flight gauge
            executions_in_flight 2
            # HELP order_latency Exchange round trip.
            # TYPE order_latency histogram
            order_latency_bucket{le="10"} 2
            order_latency_bucket{le="100"} 2
            order_latency_bucket{le="1000"} 3
            order_latency_bucket{le="+Inf"} 4
            order_latency_sum 5265.5
            order_latency_count 4
            # HELP orders_placed_total Orders placed at the exchange.
            # TYPE orders_placed_total counter
            orders_placed_total{market="FUTURES",side="BUY"} 3
            orders_placed_total{market="SPOT",side="SELL"} 1

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, _exporter.Export());
    }

    [Fact]
    public void Histogram_without_bucket_advice_uses_the_default_buckets_cumulatively()
    {
        var duration = _meter.CreateHistogram<long>("processing.duration", description: "Processing time.");
        duration.Record(7, new KeyValuePair<string, object?>("stage", "route"));
        duration.Record(7, new KeyValuePair<string, object?>("stage", "route"));
        duration.Record(20000, new KeyValuePair<string, object?>("stage", "route"));

        var lines = _exporter.Export().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] bounds = ["0", "5", "10", "25", "50", "75", "100", "250", "500", "750", "1000", "2500", "5000", "7500", "10000", "+Inf"];
        var expectedBuckets = bounds.Select(le => $"processing_duration_bucket{{stage=\"route\",le=\"{le}\"}} {(le is "0" or "5" ? 0 : le == "+Inf" ? 3 : 2)}");
        Assert.Equal(expectedBuckets, lines.Where(l => l.StartsWith("processing_duration_bucket", StringComparison.Ordinal)));
        Assert.Contains("processing_duration_sum{stage=\"route\"} 20014", lines);
        Assert.Contains("processing_duration_count{stage=\"route\"} 3", lines);
    }

    [Fact]
    public void Label_values_are_escaped_and_label_names_sanitized()
    {
        var errors = _meter.CreateCounter<int>("dlq.records_total", description: "Records sent to a DLQ.\nOne line per topic.");
        errors.Add(1, new("error", "bad \"quote\" \\ back\nslash"), new("source.topic", "signals"), new("retried", true));

        var expected = """
            # HELP dlq_records_total Records sent to a DLQ.\nOne line per topic.
            # TYPE dlq_records_total counter
            dlq_records_total{error="bad \"quote\" \\ back\nslash",retried="true",source_topic="signals"} 1

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, _exporter.Export());
    }

    [Fact]
    public void Instruments_that_have_recorded_nothing_and_other_meters_are_not_written()
    {
        using var other = new Meter("SignalStreams.Tests.Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("foreign").Add(1);
        _meter.CreateCounter<long>("never.used");

        Assert.Equal("", _exporter.Export());
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }
}

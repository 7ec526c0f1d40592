using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>What an operator scrapes from a running executor process while an order's outcome is unknown.</summary>
[Collection("kafka")]
public sealed class ExecutorMetricsTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task Metrics_of_the_started_executor_process_show_the_execution_accounting_and_a_pending_execution_ageing()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        var userId = kafka.NewName("user");
        var signal = ExecutionHarness.NewSignal(kafka.NewName("sig"));
        await world.WriteUsersAsync([userId]);
        await world.PublishSignalAsync(signal);
        // The exchange fills the order and holds its answer: the execution stays pending meanwhile.
        world.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/order", Times = 1, DelayMs = 120_000 });
        var settings = new Dictionary<string, string>(world.ExecutorSettings()) { ["Exchange:Client:OrderTimeout"] = "00:03:00" };
        await using var executor = ServiceProcess.Start("SignalStreams.SignalExecutor", "executor", settings);
        using var http = new HttpClient();
        var metricsUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{executor.Port}/metrics");
        await Wait.UntilAsync(() => executor.CountLines("\"New\":\"RUNNING\"") > 0, "the executor joined its group", TimeSpan.FromSeconds(60), executor);

        await world.SendCommandAsync(signal, userId);
        await Wait.UntilAsync(() => world.Exchange.Orders.WithClientOrderId(ClientOrderIds.For(signal.SignalId, userId)).Any(), "the exchange has the order", TimeSpan.FromSeconds(60), executor);
        PrometheusText? metrics = null;
        var text = "";
        await Eventually.UntilAsync(
            async () =>
            {
                metrics = PrometheusText.Parse(text = await http.GetStringAsync(metricsUrl));
                return metrics.Sum("signal_streams_executor_pending") == 1 && metrics.Samples.Any(s => s.Name == "signal_streams_executor_pending_oldest_age_seconds" && s.Value >= 2);
            },
            "the executor reports one pending execution, older than two seconds",
            TimeSpan.FromSeconds(90));

        Assert.Empty(metrics!.ConventionProblems("signal_streams_", "target_info"));
        Assert.Equal(1, metrics.Sum("signal_streams_executor_executions_total", ("status", "pending")));
        Assert.Equal(0, metrics.Sum("signal_streams_executor_executions_total", ("status", "executed")));
        Assert.Equal("counter", metrics.Family("signal_streams_executor_executions_total")!.Type);
        Assert.Equal("gauge", metrics.Family("signal_streams_executor_pending_oldest_age_seconds")!.Type);
        Assert.True(metrics.Sum("signal_streams_exchange_request_duration_milliseconds_count") >= 1, "the exchange calls are timed");
        Assert.Contains(metrics.Families, f => f.Type == "histogram" && f.Samples.Any(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels["le"] == "+Inf"));
        Assert.Equal(2, metrics.Sum("signal_streams_health_status", ("check", "redis")));
        Assert.DoesNotContain(world.MasterKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ExecutionHarness.PaperApiSecret, text, StringComparison.Ordinal);
        executor.Kill();
    }
}

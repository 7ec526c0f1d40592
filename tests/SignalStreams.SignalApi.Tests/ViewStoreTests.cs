using System.Globalization;
using System.Net;
using System.Text;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>The views as global stores of signal-api's Streamiz application: bad records, tombstones, the index.</summary>
[Collection("kafka")]
public sealed class ViewStoreTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task Bad_records_on_a_views_topic_are_skipped_and_counted_and_the_previous_row_stays()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        using var raw = kafka.ClientFactory(api.Topics.Prefix).CreateProducer("api-tests-raw");
        var first = TestData.Execution("v-1", "u-1", ExecutionStatus.Executed, TestData.T0, slippage: 0.1m, latency: 100);
        await api.WriteAsync(first);
        await raw.ProduceAsync(api.Topics.SignalExecutions, new Message<string, byte[]> { Key = first.Key, Value = Encoding.UTF8.GetBytes("not json") });
        await raw.ProduceAsync(api.Topics.SignalExecutions, new Message<string, byte[]> { Key = first.Key, Value = Encoding.UTF8.GetBytes("{\"signalId\":\"v-1\"}") });
        await api.WriteAsync(TestData.Execution("v-1", "u-2", ExecutionStatus.Failed, TestData.T0));

        // The record written after the bad ones is in the view: the processor got past them without stopping.
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/v-1/executions/u-2")).IsSuccessStatusCode, "the view has the record after the bad ones");
        var kept = await (await api.Reader.GetAsync("/api/signals/v-1/executions/u-1")).JsonAsync();
        Assert.Equal("executed", kept.GetProperty("status").GetString());
        Assert.Equal(2, (await (await api.Reader.GetAsync("/api/signals/v-1/executions")).JsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await api.Reader.GetAsync("/health/ready")).StatusCode);
        await Eventually.UntilAsync(async () => SkippedOf(await (await api.Reader.GetAsync("/metrics")).Content.ReadAsStringAsync(), "signal-executions") == 2, "both bad records are counted");
    }

    [Fact]
    public async Task A_tombstone_removes_the_execution_from_the_signals_and_the_users_lists()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var gone = TestData.Execution("t-1", "u-t", ExecutionStatus.Executed, TestData.T0, slippage: 0.1m, latency: 100);
        await api.WriteAsync(TestData.Signal("t-1"));
        await api.WriteAsync(gone);
        await api.WriteAsync(TestData.Execution("t-1", "u-s", ExecutionStatus.Executed, TestData.T0, slippage: 0.1m, latency: 100));
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await api.Reader.GetAsync("/api/signals/t-1/executions");
                return response.IsSuccessStatusCode && (await response.JsonAsync()).GetArrayLength() == 2;
            },
            "both records are in the view");

        using var raw = kafka.ClientFactory(api.Topics.Prefix).CreateProducer("api-tests-raw");
        await raw.ProduceAsync(api.Topics.SignalExecutions, new Message<string, byte[]> { Key = gone.Key, Value = null! });

        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/t-1/executions/u-t")).StatusCode == HttpStatusCode.NotFound, "the tombstone reached the view");
        Assert.Equal(1, (await (await api.Reader.GetAsync("/api/signals/t-1/executions")).JsonAsync()).GetArrayLength());
        Assert.Equal(0, (await (await api.Reader.GetAsync("/api/users/u-t/executions")).JsonAsync()).GetProperty("items").GetArrayLength());

        // Rebuilt from the topic after a restart that keeps the state directory: the same, whole.
        await api.RestartAsync();
        Assert.Equal(1, (await (await api.Reader.GetAsync("/api/signals/t-1/executions")).JsonAsync()).GetArrayLength());
        Assert.Equal(1, (await (await api.Reader.GetAsync("/api/users/u-s/executions")).JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Reader.GetAsync("/api/signals/t-1/executions/u-t")).StatusCode);
    }

    /// <summary>The value of <c>signal_streams_api_view_skipped_records_total{topic="..."}</c> in Prometheus text, 0 if absent.</summary>
    private static long SkippedOf(string metrics, string topic) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith("signal_streams_api_view_skipped_records", StringComparison.Ordinal) && line.Contains($"topic=\"{topic}\"", StringComparison.Ordinal))
            .Select(line => long.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Single();
}

using System.Security.Cryptography;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// samples/python/publish_signal.py, run with python3 as a user would, against signal-api running as its own process
/// on the dev Kafka cluster: the HTTP path for sources that are not .NET.
/// </summary>
[Collection("kafka")]
public sealed class PythonSampleTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task The_python_sample_publishes_a_signal_and_reads_it_and_its_stats_back_through_the_api()
    {
        var topics = kafka.NewTopics();
        var settings = ApiHarness.BaseSettings(kafka, topics, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        using var api = await HttpServiceProcess.StartAsync("SignalStreams.SignalApi", settings);
        var signalId = kafka.NewName("py-");

        // An executed record already on the topic gives the sample's stats read something to report.
        using (var producer = kafka.ClientFactory(topics.Prefix).CreateProducer("python-sample-seed"))
        {
            var execution = TestData.Execution(signalId, "py-user", ExecutionStatus.Executed, TestData.T0, slippage: 0.02m, latency: 240);
            await new ContractRecordWriter(producer).WriteAsync(topics.SignalExecutions, execution.Key, execution, ContractsJsonContext.Default.SignalExecution, SchemaNames.SignalExecution);
        }

        var run = await ExternalCommand.RunAsync(
            "python3",
            [Path.Combine(RepositoryPaths.Root, "samples", "python", "publish_signal.py"), "--api", api.BaseUrl.ToString(), "--signal-id", signalId,
                "--symbol", "ETHUSDT", "--side", "SELL", "--price", "3000.5", "--strength", "VERY_STRONG", "--leverage", "5"],
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string> { ["SIGNAL_API_SOURCE_TOKEN"] = ApiHarness.SourceToken, ["SIGNAL_API_READER_TOKEN"] = ApiHarness.ReaderToken });

        Assert.True(run.ExitCode == 0, run + "\n--- signal-api\n" + api.LastOutput);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"published {signalId} status=ACTIVE", lines[0]);
        Assert.StartsWith($"read back {signalId} ETHUSDT FUTURES SELL entryPrice=3000.5 status=ACTIVE", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"count\": 1", lines[2], StringComparison.Ordinal);
        Assert.Equal("  executed: 1 users, avg slippage 0.02 %, avg latency 240 ms", lines[3]);
        var record = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, topics.Signals), r => r.Key == signalId);
        var signal = record.As(ContractsJsonContext.Default.Signal);
        Assert.Equal(("ETHUSDT", OrderSide.Sell, 3000.5m, SignalStrength.VeryStrong, 5, "python-sample"), (signal.Symbol, signal.Side, signal.EntryPrice, signal.Strength, signal.Leverage!.Value, signal.Source));
        Assert.Equal(SchemaNames.Signal, record.Headers["schema"]);
    }

    [Fact]
    public async Task The_python_sample_exits_1_with_the_problems_sentence_when_the_api_refuses_the_signal()
    {
        var topics = kafka.NewTopics();
        var settings = ApiHarness.BaseSettings(kafka, topics, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        using var api = await HttpServiceProcess.StartAsync("SignalStreams.SignalApi", settings);

        var run = await ExternalCommand.RunAsync(
            "python3",
            [Path.Combine(RepositoryPaths.Root, "samples", "python", "publish_signal.py"), "--api", api.BaseUrl.ToString(), "--symbol", "eth-usdt",
                "--source-token", ApiHarness.SourceToken, "--reader-token", ApiHarness.ReaderToken],
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused: HTTP 400", run.Error, StringComparison.Ordinal);
        Assert.Contains("symbol must be 2-20 characters", run.Error, StringComparison.Ordinal);
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, topics.Signals));
    }
}

using System.Text.RegularExpressions;
using SignalStreams.Execution.FaultTests.Support;
using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests;

/// <summary>A service started from its own build output runs on the packaged librdkafka 2.16, never on a system copy.</summary>
[Collection("kafka")]
public sealed partial class ServiceNativeLibraryTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    [Fact]
    public async Task A_started_service_process_logs_and_maps_the_packaged_librdkafka_2_16_only()
    {
        await using var world = await FaultHarness.StartAsync(kafka, redis);
        await using var router = ServiceProcess.Start("SignalStreams.SignalRouter", "router", world.RouterSettings(kafka.NewName("router")));

        await Wait.UntilAsync(() => router.CountLines("Kafka client: librdkafka ") > 0, "the router logged its librdkafka", TimeSpan.FromSeconds(60), router);

        var logged = StartLine().Match(router.RecentOutput);
        Assert.True(logged.Success, router.RecentOutput);
        var packaged = Path.Combine(BuildOutput.ServiceDirectory("SignalStreams.SignalRouter"), "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
        Assert.Equal(packaged, logged.Groups["path"].Value);
        var mapped = File.ReadLines($"/proc/{router.ProcessId}/maps")
            .Where(l => l.Contains("librdkafka", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..])
            .Distinct();
        Assert.Equal([packaged], mapped);
    }

    [GeneratedRegex(@"Kafka client: librdkafka 2\.16\.\d+ loaded from (?<path>/[^""\s]+)")]
    private static partial Regex StartLine();
}

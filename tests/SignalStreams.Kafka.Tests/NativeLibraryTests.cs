using Confluent.Kafka;
using SignalStreams.Kafka.Mock;

namespace SignalStreams.Kafka.Tests;

public sealed class NativeLibraryTests
{
    [Fact]
    public void This_test_process_runs_on_the_packaged_librdkafka_2_16_and_maps_no_other_copy()
    {
        var packaged = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");

        Assert.Matches(@"^2\.16\.\d+$", Library.VersionString);
        Assert.Equal(Library.VersionString, KafkaNativeLibrary.EnsureLoaded());
        Assert.Equal(Library.VersionString, MockKafkaCluster.LibrdkafkaVersion);
        Assert.Equal(packaged, KafkaNativeLibrary.LoadedFrom);

        // What the dynamic linker actually mapped: the package's file, and no system librdkafka beside it.
        var mapped = File.ReadLines("/proc/self/maps").Where(l => l.Contains("librdkafka", StringComparison.Ordinal)).Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..]).Distinct();
        Assert.Equal([packaged], mapped);
    }

    [Fact]
    public void Loading_again_changes_nothing()
    {
        var first = KafkaNativeLibrary.EnsureLoaded();
        KafkaNativeLibrary.ResolveFor(typeof(Library).Assembly);
        KafkaNativeLibrary.ResolveFor(typeof(MockKafkaCluster).Assembly);

        Assert.Equal(first, KafkaNativeLibrary.EnsureLoaded());
    }
}

using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.Kafka.Mock;

// Usage: dev-kafka [--brokers N] [--bootstrap-file PATH] [--topic-prefix P]
// Prints the bootstrap servers as its first line, then serves until killed (SIGINT/SIGTERM). Every topic of the
// catalog is created with the prefix; more topics can be asked for on DevClusterTopicRequests.TopicName.
var brokers = 3;
string? bootstrapFile = null;
var prefix = "";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--brokers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 16:
            brokers = n;
            i++;
            break;
        case "--bootstrap-file" when i + 1 < args.Length:
            bootstrapFile = args[++i];
            break;
        case "--topic-prefix" when i + 1 < args.Length:
            prefix = args[++i];
            break;
        default:
            Console.Error.WriteLine($"dev-kafka: unknown or incomplete argument '{args[i]}'. Usage: dev-kafka [--brokers 1-16] [--bootstrap-file PATH] [--topic-prefix P]");
            return 2;
    }
}

var librdkafka = KafkaNativeLibrary.EnsureLoaded();
using var cluster = MockKafkaCluster.Start(brokers);
var topics = new TopicNames(prefix);
cluster.CreateTopics(topics);
cluster.CreateTopic(DevClusterTopicRequests.TopicName, partitions: 1, replicationFactor: brokers);

// With a controller in the metadata, an Admin API CreateTopics gets "not supported by broker" at once instead of
// waiting for a controller until it times out: clients learn quickly to use the topic requests instead.
cluster.SetControllerId(1);

if (bootstrapFile is not null)
{
    // Written atomically so that a script polling for the file never reads half of it.
    var temporary = bootstrapFile + ".tmp";
    await File.WriteAllTextAsync(temporary, cluster.BootstrapServers + Environment.NewLine);
    File.Move(temporary, bootstrapFile, overwrite: true);
}

// The file is complete before the first line appears, so a reader of either sees the same, finished value.
Console.WriteLine(cluster.BootstrapServers);
Console.Out.Flush();

Console.Error.WriteLine($"dev-kafka: librdkafka {librdkafka} mock, {brokers} broker(s), {topics.All().Count()} topics created (prefix '{prefix}'), topic requests on {DevClusterTopicRequests.TopicName}; serving until killed.");
using var stop = new CancellationTokenSource();
var requests = Task.Factory.StartNew(
    () => DevClusterTopicRequests.Serve(cluster, message => Console.Error.WriteLine("dev-kafka: " + message), stop.Token),
    CancellationToken.None,
    TaskCreationOptions.LongRunning,
    TaskScheduler.Default);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("dev-kafka: stopping.");
}

await requests;

return 0;

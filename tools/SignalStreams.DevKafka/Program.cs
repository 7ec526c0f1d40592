using SignalStreams.Contracts;
using SignalStreams.Kafka.Mock;

// Usage: dev-kafka [--brokers N] [--bootstrap-file PATH] [--topic-prefix P]
// Prints the bootstrap servers as its first line, then serves until killed (SIGINT/SIGTERM).
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

using var cluster = MockKafkaCluster.Start(brokers);
var topics = new TopicNames(prefix);
cluster.CreateTopics(topics);

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

Console.Error.WriteLine($"dev-kafka: {brokers} broker(s), {topics.All().Count()} topics created (prefix '{prefix}'); serving until killed.");
using var stop = new CancellationTokenSource();
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

return 0;

using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;

namespace SignalStreams.Benchmarks;

/// <summary>
/// One or more instances of a Streamiz application whose only step is <c>MapValuesAsync</c> over the call: source →
/// request topic → Streamiz's external stream thread (runs the call) → response topic → output. Every topic is
/// created first at the input's partition count (the dev cluster has no CreateTopics). Client settings are the dev
/// cluster's profile (<c>TestStreams.DevClusterProfile</c>: fetch wait 5 ms, linger 1 ms, poll 2 ms).
/// </summary>
internal sealed class StreamizAsyncRun : IAsyncDisposable
{
    private const string AsyncStep = "exchange-call";

    private readonly List<KafkaStream> _instances = [];
    private readonly List<string> _stateDirs = [];

    private StreamizAsyncRun()
    {
    }

    /// <summary>Streamiz's knobs for one run; defaults are Streamiz's own (parallel processing off, one stream thread, one instance).</summary>
    public sealed record Settings(bool ParallelProcessing = false, int? MaxDegreeOfParallelism = null, int StreamThreads = 1, int Instances = 1);

    public static async Task<StreamizAsyncRun> StartAsync(BenchmarkContext context, string run, string input, int partitions, Settings settings, FakeExchangeCall call)
    {
        var applicationId = run + "-app";
        var output = run + "-out";
        foreach (var topic in new[] { output, $"{applicationId}-{AsyncStep}-request", $"{applicationId}-{AsyncStep}-response" })
        {
            context.Kafka.CreateTopic(topic, partitions);
        }

        var started = new StreamizAsyncRun();
        var running = new List<Task>();
        for (var i = 0; i < settings.Instances; i++)
        {
            var stateDir = Directory.CreateTempSubdirectory("signal-streams-bench-async-").FullName;
            started._stateDirs.Add(stateDir);
            var stream = new KafkaStream(Topology(input, output, call), Configure(context, applicationId, i, stateDir, settings));
            started._instances.Add(stream);
            running.Add(RunningAsync(stream));
            await stream.StartAsync();
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromMinutes(2));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_instances.Select(stream => Task.Run(stream.Dispose)));
        foreach (var dir in _stateDirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static global::Streamiz.Kafka.Net.Stream.Topology Topology(string input, string output, FakeExchangeCall call)
    {
        var builder = new StreamBuilder();
        builder.Stream<string, string>(input)
            .MapValuesAsync(
                async (record, _) =>
                {
                    await call.CallAsync(record.Key, int.Parse(record.Value, CultureInfo.InvariantCulture));
                    return record.Value;
                },
                retryPolicy: null,
                requestSerDes: new RequestSerDes<string, string>(new StringSerDes(), new StringSerDes()),
                responseSerDes: new ResponseSerDes<string, string>(new StringSerDes(), new StringSerDes()),
                named: AsyncStep)
            .To(output);
        return builder.Build();
    }

    /// <summary>The dev-cluster profile every run of this benchmark uses, the dispatcher's reference run included.</summary>
    internal static StreamConfig<StringSerDes, StringSerDes> Configure(BenchmarkContext context, string applicationId, int instance, string stateDir, Settings settings)
    {
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = applicationId,
            ClientId = applicationId + "-" + instance.ToString(CultureInfo.InvariantCulture),
            BootstrapServers = context.Kafka.BootstrapServers,
            StateDir = stateDir,
            NumStreamThreads = settings.StreamThreads,
            PollMs = 2,
            FetchWaitMaxMs = 5,
            LingerMs = 1,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 1000,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random, // as the services' producers (libs/SignalStreams.Streamiz)
            Logger = NullLoggerFactory.Instance,
        };

        // Setting the guarantee resets the commit interval (Streamiz): guarantee first.
        config.Guarantee = ProcessingGuarantee.AT_LEAST_ONCE;
        config.CommitIntervalMs = 200;
        config.ParallelProcessing = settings.ParallelProcessing;
        if (settings.MaxDegreeOfParallelism is { } degree)
        {
            config.MaxDegreeOfParallelism = degree;
        }

        return config;
    }

    internal static Task RunningAsync(KafkaStream stream)
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.StateChanged += (_, now) =>
        {
            if (now == KafkaStream.State.RUNNING)
            {
                running.TrySetResult();
            }
            else if (now == KafkaStream.State.ERROR)
            {
                running.TrySetException(new InvalidOperationException("The Streamiz application went to ERROR (a missing topic?)."));
            }
        };
        return running.Task;
    }
}

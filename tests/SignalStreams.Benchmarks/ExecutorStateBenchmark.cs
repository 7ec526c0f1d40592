using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.SignalExecutor.Topology;
using SignalStreams.Testing;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The executor's RocksDB state at scale (issue 12): 1,000,000 settled execution records in its
/// <c>executions</c> store's changelog, then the executor started as its own process on an empty state directory
/// (everything restored from the changelog) and restarted after a clean stop on the directory it left (almost
/// nothing restored). Figures: seconds to /health/ready, records restored, resident memory; the reference is a plain
/// consumer reading the same changelog once, in the same run.
/// </summary>
public sealed class ExecutorStateBenchmark : IBenchmark
{
    private const int Partitions = 12;
    private const int UsersPerSignal = 1000;

    public string Name => "executor-state";

    public string Description => "1,000,000 execution records in the executor's state: restart with and without the state directory";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var records = context.Count(1_000_000);
        var topics = context.Kafka.NewTopics();
        var changelog = topics.Name(ExecutorTopology.ApplicationId) + "-" + ExecutorTopology.ExecutionsStore + "-changelog";
        var figures = new Dictionary<string, double> { ["records"] = records };

        var seed = Stopwatch.StartNew();
        await SeedAsync(context, changelog, records, cancellationToken);
        figures["seed_seconds"] = Math.Round(seed.Elapsed.TotalSeconds, 2);
        context.Log($"seeded {records:N0} records into {changelog} in {seed.Elapsed.TotalSeconds:F1} s");

        var held = Held(context, changelog);
        figures["changelog_records_held"] = held;
        context.Log($"the cluster holds {held:N0} records of the changelog (low to high watermark)");
        figures["raw_kafka_read_seconds"] = Math.Round(ReadOnce(context, changelog, (int)held), 2);

        using var redis = new RedisServerFixture();
        var stateDir = TestStreams.NewStateDir();
        var settings = Settings(context, topics, redis.Configuration, stateDir);

        foreach (var run in new[] { "empty_dir", "kept_dir" })
        {
            using var executor = StartExecutor(settings);
            var (seconds, restored, rssMib) = await UntilReadyAsync(executor.Process, executor.Port, cancellationToken);
            figures[run + ".seconds_to_ready"] = Math.Round(seconds, 2);
            figures[run + ".restored_records"] = restored;
            figures[run + ".rss_mib"] = Math.Round(rssMib, 1);
            context.Log($"{run}: ready after {seconds:F1} s, restored {restored:N0} records, {rssMib:F0} MiB resident");

            // A clean stop (SIGTERM, as a deploy or a node drain does): Streamiz closes the stores and writes their
            // checkpoints. (It also writes them at commits, which follow processed records; an executor that
            // crashes before processing anything after a restore restores again: measured, see the README.)
            using (var term = Process.Start("kill", ["-TERM", executor.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(cancellationToken);
            }

            await executor.Process.WaitForExitAsync(cancellationToken);
        }

        figures["state_dir_mib"] = Math.Round(DirectorySize(stateDir) / 1048576.0, 1);
        Directory.Delete(stateDir, recursive: true);
        return figures;
    }

    private static async Task SeedAsync(BenchmarkContext context, string changelog, int records, CancellationToken cancellationToken)
    {
        var config = context.Kafka.ClientFactory().ProducerConfig("executor-state-seed");
        config.LingerMs = 20;
        config.BatchSize = 1_000_000;

        // The dev cluster (librdkafka's mock) keeps at most 5 MiB of record batches per partition, as they were
        // produced, and drops the oldest batches beyond that: 1,000,000 records of ~600 bytes over 12 partitions
        // would keep only ~115,000. Batches compressed with zstd (a setting real changelogs commonly use too) hold
        // every record within that bound, so the restore below reads all of them.
        config.CompressionType = CompressionType.Zstd;
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var now = DateTimeOffset.UtcNow;
        var failures = 0;
        for (var i = 0; i < records; i++)
        {
            var signalId = "sig-" + (i / UsersPerSignal).ToString("D5", CultureInfo.InvariantCulture);
            var userId = "user-" + (i % UsersPerSignal).ToString("D5", CultureInfo.InvariantCulture);
            var record = new SignalExecution
            {
                SignalId = signalId,
                UserId = userId,
                Status = ExecutionStatus.Executed,
                ClientOrderId = ClientOrderIds.For(signalId, userId),
                ExecutedAt = now,
                ActualEntryPrice = 68_012.5m,
                Quantity = 0.015m,
                Leverage = 10,
                OrderId = (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
                PositionId = "pos-" + i.ToString(CultureInfo.InvariantCulture),
                Slippage = 0.02m,
                Latency = 41,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var state = new ExecutionState { Record = record, Venue = "paper", Market = MarketType.Futures, Symbol = "BTCUSDT", Calls = 1 };
            var key = System.Text.Encoding.UTF8.GetBytes(record.Key);
            var value = JsonSerializer.SerializeToUtf8Bytes(state, ExecutorJsonContext.Default.ExecutionState);

            // A changelog partition is its task's: the partition of the userId, as for signal-executions.
            var partition = Murmur2Partitioner.PartitionFor(userId, Partitions);
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(changelog, partition), new Message<byte[], byte[]> { Key = key, Value = value }, r =>
                    {
                        if (r.Error.IsError)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(cancellationToken);
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} seed records were not delivered.");
        }
    }

    private static long Held(BenchmarkContext context, string topic)
    {
        var config = context.Kafka.ClientFactory().ConsumerConfig(context.Kafka.NewName("state-held"), "state-held");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        return Enumerable.Range(0, Partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
    }

    private static double ReadOnce(BenchmarkContext context, string topic, int records)
    {
        var config = context.Kafka.ClientFactory().ConsumerConfig(context.Kafka.NewName("state-read"), "state-read");
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var watch = Stopwatch.StartNew();
        var read = 0;
        var ended = new HashSet<int>();
        while (ended.Count < Partitions && watch.Elapsed < TimeSpan.FromMinutes(10))
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
            }
            else
            {
                read++;
            }
        }

        if (read < records)
        {
            throw new InvalidOperationException($"The reference consumer read {read:N0} of {records:N0} records in {watch.Elapsed.TotalSeconds:F0} s.");
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, string> Settings(BenchmarkContext context, TopicNames topics, string redis, string stateDir) => new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:SignalStreams.Streamiz"] = "Information",
        ["Kafka:BootstrapServers"] = context.Kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topics.Prefix,
        ["Kafka:Provisioning"] = "Verify",
        ["Redis:Configuration"] = redis,
        ["Secrets:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Exchange:Paper:BaseUrl"] = "http://127.0.0.1:9/",
        ["Exchange:Paper:ApiKey"] = "paper-demo-key",
        ["Exchange:Paper:ApiSecret"] = "paper-demo-secret",
        ["Streams:StateDir"] = stateDir,
        ["Streams:Consumer:session.timeout.ms"] = "6000",
        ["Streams:Consumer:heartbeat.interval.ms"] = "1000",
    };

    private static RunningExecutor StartExecutor(Dictionary<string, string> settings)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "services", "SignalStreams.SignalExecutor", "bin", "Release", "net10.0", "SignalStreams.SignalExecutor.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution in Release first.");
        }

        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { dll }, WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningExecutor(process, port);
    }

    private static async Task<(double Seconds, double Restored, double RssMib)> UntilReadyAsync(Process process, int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The executor exited with code {process.ExitCode} before it was ready.");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken)).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException("The executor was not ready within 15 minutes.");
            }

            await Task.Delay(100, cancellationToken);
        }

        var seconds = watch.Elapsed.TotalSeconds;

        // Streamiz reports a store's restore when it ends, on the stream thread's next turn: read until steady.
        var restored = await RestoredAsync(http, cancellationToken);
        for (var steady = 0; steady < 4; steady++)
        {
            await Task.Delay(500, cancellationToken);
            var now = await RestoredAsync(http, cancellationToken);
            steady = now == restored ? steady : 0;
            restored = now;
        }

        var rss = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (seconds, restored, kib / 1024);
    }

    private static async Task<double> RestoredAsync(HttpClient http, CancellationToken cancellationToken) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken))
            .Sum("signal_streams_streams_restored_records_total", ("store", ExecutorTopology.ExecutionsStore));

    private static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private sealed class RunningExecutor(Process process, int port) : IDisposable
    {
        public Process Process { get; } = process;

        public int Port { get; } = port;

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SignalStreams.Benchmarks;
using SignalStreams.Kafka;
using SignalStreams.Testing;

// Usage: dotnet run -c Release --project tests/SignalStreams.Benchmarks -- [names...] [--scale F] [--out DIR]
// --scale (default: the environment variable SIGNAL_STREAMS_BENCH_SCALE, else 1) scales record and user counts for a quick run.
// Prints each benchmark's figures and writes them to DIR/<name>.json (default artifacts/benchmarks).
// Kafka: the mock cluster in-process, or the external cluster SIGNAL_STREAMS_TEST_KAFKA names (as for the tests).
var librdkafka = KafkaNativeLibrary.EnsureLoaded();
var names = new List<string>();
var scale = Environment.GetEnvironmentVariable("SIGNAL_STREAMS_BENCH_SCALE") is { Length: > 0 } fromEnvironment
    ? double.Parse(fromEnvironment, CultureInfo.InvariantCulture)
    : 1.0;
var outDir = Path.Combine("artifacts", "benchmarks");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale" when i + 1 < args.Length:
            scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        default:
            names.Add(args[i]);
            break;
    }
}

var all = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
var unknown = names.Except(all.Select(b => b.Name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Available: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

var selected = names.Count == 0 ? all : all.Where(b => names.Contains(b.Name)).ToList();
Directory.CreateDirectory(outDir);
using var kafka = new KafkaClusterFixture();
await kafka.InitializeAsync();
var context = new BenchmarkContext(kafka, scale);
var cluster = kafka.IsMock ? "librdkafka mock cluster (3 brokers, in-process)" : "external: " + TestKafka.Setting;
var machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString(), librdkafka, kafka = cluster };
Console.WriteLine($"librdkafka {librdkafka}; Kafka: {cluster}");
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    context.References.Clear();
    var figures = await benchmark.RunAsync(context, CancellationToken.None);
    foreach (var (name, value) in figures)
    {
        Console.WriteLine($"   {name,-48} {value.ToString("#,0.##", CultureInfo.InvariantCulture),16}");
    }

    var references = new SortedDictionary<string, double>(context.References, StringComparer.Ordinal);
    foreach (var (name, value) in references)
    {
        Console.WriteLine($"   reference: {name,-37} {value.ToString("#,0.##", CultureInfo.InvariantCulture),16}");
    }

    var path = Path.Combine(outDir, benchmark.Name + ".json");
    object document = references.Count == 0
        ? new { benchmark = benchmark.Name, benchmark.Description, measuredAt = DateTimeOffset.UtcNow, scale, machine, figures }
        : new { benchmark = benchmark.Name, benchmark.Description, measuredAt = DateTimeOffset.UtcNow, scale, machine, figures, references };
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"   -> {path}");
}

await kafka.DisposeAsync();
return 0;

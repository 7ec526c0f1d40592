using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.Streamiz;

/// <summary>
/// A contract topic (<c>signals</c>, <c>user-settings</c>, <c>user-credentials</c>) as a Streamiz global table:
/// every instance holds all of it, restored before the application is RUNNING, so a fan-out never runs on a
/// half-loaded table. Tasks read it through <see cref="View"/>: parsed and validated records, parsed once per
/// distinct value. A record that does not parse or validate is skipped with a warning (the service that
/// produced it validated it; a bad one here is a bug upstream), never a crash.
/// </summary>
public sealed class ContractTable<T>(string baseTopic, JsonTypeInfo<T> typeInfo, Func<T, ValidationResult>? validate, ILogger logger)
    where T : class
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, T? Value)> _parsed = new(StringComparer.Ordinal);
    private volatile IKeyValueStore<string, byte[]>? _store;
    private long _skipped;

    public string BaseTopic => baseTopic;

    public string StoreName => baseTopic + "-table";

    /// <summary>Adds the table to the topology (once per application).</summary>
    public void AddTo(StreamTopology topology) => topology.GlobalTable(topology.Topics.Name(baseTopic), StoreName);

    /// <summary>
    /// Adds the table to the topology as a global store (in memory) whose update processor keeps only valid rows
    /// (a bad record is skipped with a warning and counted in <see cref="SkippedRecords"/>; the previous row stays)
    /// and reports every applied change to <paramref name="changed"/>, on the global thread, for every record of the
    /// topic, the restore at start included: for views that index the rows (e.g. by user). Read it with
    /// <see cref="Get"/> / <see cref="All"/>; tasks cannot use <see cref="View"/> on a table added this way.
    /// </summary>
    public void AddTo(StreamTopology topology, Action<TableChange<T>> changed) => AddTo(topology, changed, null);

    /// <summary>
    /// As <see cref="AddTo(StreamTopology, Action{TableChange{T}})"/>, keeping a row unless <paramref name="replaces"/>
    /// (old, new) says the new value supersedes it: for topics where a value written again late (a redelivery, a
    /// writer catching up after a restart) must not hide a newer one, e.g. decisions ordered by decidedAt.
    /// </summary>
    public void AddTo(StreamTopology topology, Action<TableChange<T>> changed, Func<T, T, bool>? replaces)
    {
        Replaces = replaces;
        var store = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(StoreName), new StringSerDes(), new ByteArraySerDes())
            .WithLoggingDisabled();
        var processor = ProcessorBuilder.New<string, byte[]>()
            .Processor<ContractTableProcessor<T>>(this, changed, logger)
            .Build();
        topology.Builder.AddGlobalStore(store, topology.Topics.Name(baseTopic), processor, new StringSerDes(), new ByteArraySerDes());
    }

    internal Func<T, T, bool>? Replaces { get; private set; }

    /// <summary>Records skipped by a table added with change reports (bad JSON, invalid, no key).</summary>
    public long SkippedRecords => Interlocked.Read(ref _skipped);

    /// <summary>A row of a table added with change reports, read from any thread; null when absent or not loaded yet.</summary>
    public T? Get(string key) => _store is { } store ? Parse(key, store.Get(key)) : null;

    /// <summary>Every row of a table added with change reports (a full scan).</summary>
    public IEnumerable<KeyValuePair<string, T>> All()
    {
        if (_store is not { } store)
        {
            yield break;
        }

        foreach (var row in store.All())
        {
            if (Parse(row.Key, row.Value) is { } value)
            {
                yield return new(row.Key, value);
            }
        }
    }

    public TableView<T> View(StreamTaskContext context) => new(context.GlobalStore(StoreName), this);

    /// <summary>A row read outside the tasks (tests, diagnostics); null while the application is not RUNNING.</summary>
    public T? Query(StreamsHost host, string key) =>
        host.GlobalStore(StoreName) is { } store ? Parse(key, store.Get(key)?.Value) : null;

    internal T? Parse(string key, byte[]? bytes)
    {
        if (bytes is null)
        {
            _parsed.TryRemove(key, out _);
            return null;
        }

        if (_parsed.TryGetValue(key, out var cached) && cached.Bytes.AsSpan().SequenceEqual(bytes))
        {
            return cached.Value;
        }

        if (!TryParse(key, bytes, out var value, out var problem))
        {
            logger.LogWarning("Ignoring {Topic} record {Key}: {Error}", baseTopic, key, problem);
        }

        return value;
    }

    /// <summary>Parses and validates <paramref name="bytes"/> (remembered for <paramref name="key"/>); false with the problem when invalid.</summary>
    internal bool TryParse(string key, byte[] bytes, out T? value, out string? problem)
    {
        value = null;
        problem = null;
        try
        {
            value = JsonSerializer.Deserialize(bytes, typeInfo);
            var result = value is null ? null : validate?.Invoke(value) ?? ValidationResult.Ok;
            if (result is not { IsValid: true })
            {
                problem = result?.Describe() ?? "the value is null";
                value = null;
            }
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
        }

        _parsed[key] = (bytes, value);
        return problem is null;
    }

    internal void Forget(string key) => _parsed.TryRemove(key, out _);

    internal void Skipped(string? key, string problem)
    {
        Interlocked.Increment(ref _skipped);
        logger.LogWarning("Skipping {Topic} record {Key}: {Error}; the table keeps its previous row", baseTopic, key, problem);
    }

    internal void Attach(IKeyValueStore<string, byte[]> store) => _store = store;
}

/// <summary>A task's read access to a <see cref="ContractTable{T}"/>.</summary>
public readonly struct TableView<T>(IReadOnlyKeyValueStore<string, ValueAndTimestamp<byte[]>> store, ContractTable<T> table)
    where T : class
{
    public T? Get(string key) => table.Parse(key, store.Get(key)?.Value);

    /// <summary>Every valid row (a full scan: for fan-outs, not per record lookups).</summary>
    public IEnumerable<KeyValuePair<string, T>> All()
    {
        foreach (var row in store.All())
        {
            if (table.Parse(row.Key, row.Value?.Value) is { } value)
            {
                yield return new(row.Key, value);
            }
        }
    }

    public long ApproximateCount => store.ApproximateNumEntries();
}

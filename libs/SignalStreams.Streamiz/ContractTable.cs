using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
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

    public string BaseTopic => baseTopic;

    public string StoreName => baseTopic + "-table";

    /// <summary>Adds the table to the topology (once per application).</summary>
    public void AddTo(StreamTopology topology) => topology.GlobalTable(topology.Topics.Name(baseTopic), StoreName);

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

        T? value = null;
        try
        {
            value = JsonSerializer.Deserialize(bytes, typeInfo);
            var result = value is null ? null : validate?.Invoke(value) ?? ValidationResult.Ok;
            if (result is not { IsValid: true })
            {
                logger.LogWarning("Ignoring {Topic} record {Key}: {Error}", baseTopic, key, result?.Describe() ?? "the value is null");
                value = null;
            }
        }
        catch (JsonException e)
        {
            logger.LogWarning("Ignoring {Topic} record {Key}: not valid JSON ({Error})", baseTopic, key, e.Message);
        }

        _parsed[key] = (bytes, value);
        return value;
    }
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

using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SignalStreams.Streamiz;

/// <summary>
/// The update processor of a <see cref="ContractTable{T}"/> added with change reports: it keeps only parsed and
/// validated rows in the global store, skips a bad record (the previous row stays) and reports every applied change.
/// Streamiz runs it for every record of the topic, during the restore at start as well as afterwards.
/// </summary>
internal sealed class ContractTableProcessor<T> : IProcessor<string, byte[]>
    where T : class
{
    private readonly ContractTable<T>? _table;
    private readonly Action<TableChange<T>>? _changed;
    private readonly ILogger? _logger;
    private IKeyValueStore<string, byte[]>? _store;

    /// <summary>Only for Streamiz's <c>new()</c> constraint; it builds each instance with the other constructor.</summary>
    public ContractTableProcessor()
    {
    }

    public ContractTableProcessor(ContractTable<T> table, Action<TableChange<T>> changed, ILogger logger)
    {
        _table = table;
        _changed = changed;
        _logger = logger;
    }

    public void Init(ProcessorContext<string, byte[]> context)
    {
        _store = context.GetStateStore(_table!.StoreName) as IKeyValueStore<string, byte[]>
            ?? throw new InvalidOperationException($"Global store '{_table.StoreName}' is not registered.");
        _table.Attach(_store);
    }

    public void Process(Record<string, byte[]> record)
    {
        var key = record.Key;
        if (key is null)
        {
            _table!.Skipped(null, "the record has no key");
            return;
        }

        var old = _table!.Parse(key, _store!.Get(key));
        T? now = null;
        if (record.Value is null)
        {
            _store.Delete(key);
            _table.Forget(key);
        }
        else if (_table.TryParse(key, record.Value, out now, out var problem))
        {
            if (old is not null && _table.Replaces is { } replaces && !replaces(old, now!))
            {
                // An older value written late: the row keeps the newer one (the parse cache is set back to it).
                _table.Parse(key, _store.Get(key));
                return;
            }

            _store.Put(key, record.Value);
        }
        else
        {
            _table.Skipped(key, problem!);
            return;
        }

        if (old is null && now is null)
        {
            return;
        }

        try
        {
            _changed!(new TableChange<T>(key, old, now));
        }
        catch (Exception e)
        {
            // A failing listener must not stop the table (the global thread's death is the process's).
            _logger!.LogError(e, "A change listener of table {Topic} failed for {Key}", _table.BaseTopic, key);
        }
    }

    public void Close()
    {
    }
}

using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Streamiz;

namespace SignalStreams.Execution.Harness;

/// <summary>One of the executor's global tables as a test reads it: through Streamiz's interactive query.</summary>
public sealed class ExecutorTable<T>(ServiceHost executor)
    where T : class
{
    private readonly ContractTable<T> _table = executor.Services.GetRequiredService<ContractTable<T>>();
    private readonly StreamsHost _streams = executor.Services.GetRequiredService<StreamsHost>();

    public string Topic => _table.BaseTopic;

    public T? Get(string key) => _table.Query(_streams, key);

    public bool TryGet(string key, out T value)
    {
        value = Get(key)!;
        return value is not null;
    }
}

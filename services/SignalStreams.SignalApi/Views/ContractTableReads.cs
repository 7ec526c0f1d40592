using System.Diagnostics.CodeAnalysis;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

internal static class ContractTableReads
{
    public static bool TryGet<T>(this ContractTable<T> table, string key, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = table.Get(key);
        return value is not null;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace SignalStreams.Streams;

/// <summary>Reads a task's state store. Entries past their retention are invisible even before they are swept.</summary>
public interface IReadOnlyKeyValueStore<T>
    where T : class
{
    string Name { get; }

    bool TryGet(string key, [MaybeNullWhen(false)] out T value);

    T? Get(string key) => TryGet(key, out var value) ? value : null;

    /// <summary>A snapshot of the live entries.</summary>
    IReadOnlyDictionary<string, T> All();

    int Count { get; }
}

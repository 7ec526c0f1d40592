using System.Diagnostics.CodeAnalysis;

namespace SignalStreams.Streams;

/// <summary>A store bound to one record's delivery scope; without a scope it is read-only.</summary>
internal sealed class ScopedStore<T>(ChangelogStore<T> store, DeliveryScope? scope) : IKeyValueStore<T>
    where T : class
{
    public string Name => store.Name;

    public int Count => store.Count;

    public bool TryGet(string key, [MaybeNullWhen(false)] out T value) => store.TryGet(key, out value);

    public IReadOnlyDictionary<string, T> All() => store.All();

    public void Put(string key, T value, TimeSpan? retention = null) => Scope.Add(store.PutAsync(key, value, retention));

    public void Delete(string key) => Scope.Add(store.DeleteAsync(key));

    private DeliveryScope Scope => scope ?? throw new InvalidOperationException($"Store '{store.Name}' is read-only here: write from ProcessAsync or a punctuation.");
}

namespace SignalStreams.Streams;

/// <summary>One change of a global table: <see cref="Old"/> null = inserted, <see cref="New"/> null = deleted.</summary>
public sealed record GlobalTableChange<T>(string Key, T? Old, T? New)
    where T : class;

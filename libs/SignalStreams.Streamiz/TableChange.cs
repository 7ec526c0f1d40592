namespace SignalStreams.Streamiz;

/// <summary>One applied change of a <see cref="ContractTable{T}"/> kept with change reports: the row before and after (null = absent).</summary>
public sealed record TableChange<T>(string Key, T? Old, T? New)
    where T : class;

namespace SignalStreams.PaperExchange.Faults;

/// <summary>
/// One injected fault. Scope it with <see cref="ApiKey"/>, <see cref="Symbol"/>, <see cref="Path"/> and
/// <see cref="Method"/> (all optional, all must match); <see cref="Probability"/> gives an error rate and
/// <see cref="Times"/> a number of hits after which the rule is used up.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Assigned when added.</summary>
    public string? Id { get; init; }

    public FaultKind Kind { get; init; }

    /// <summary>Only requests signed with this API key.</summary>
    public string? ApiKey { get; init; }

    public string? Symbol { get; init; }

    /// <summary>Path prefix, e.g. <c>/api/v3/order</c> or <c>/fapi</c>.</summary>
    public string? Path { get; init; }

    /// <summary>HTTP method, e.g. POST.</summary>
    public string? Method { get; init; }

    /// <summary>Share of matching requests hit, 0..1.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>How many requests it hits before it is used up; null = until removed.</summary>
    public int? Times { get; init; }

    /// <summary>HTTP status for Error (default 503) and RateLimit (429 or 418).</summary>
    public int? Status { get; init; }

    /// <summary>Binance code for Error (default -1001 "Internal error; unable to process your request. Please try again.").</summary>
    public int? Code { get; init; }

    public string? Msg { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Latency: added delay; FillThenHang: how long the answer is held (default 120000).</summary>
    public int DelayMs { get; init; }
}

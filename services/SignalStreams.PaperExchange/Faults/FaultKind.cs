using System.Text.Json.Serialization;

namespace SignalStreams.PaperExchange.Faults;

[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>Answer <c>Status</c> with <c>{code, msg}</c> without processing the request.</summary>
    Error,

    /// <summary>Wait <c>DelayMs</c>, then process normally.</summary>
    Latency,

    /// <summary>Process the request (an order fills), then answer 503 -1007 "execution status unknown".</summary>
    FillThen503,

    /// <summary>Process the request (an order fills), then hold the answer for <c>DelayMs</c> or until the client gives up.</summary>
    FillThenHang,

    /// <summary>Answer 429 (or <c>Status</c> 418) -1003 with <c>Retry-After: RetryAfterSeconds</c>, without processing.</summary>
    RateLimit,
}

using System.Text.Json.Serialization;

namespace SignalStreams.FakeTelegram;

/// <summary>What the fake does instead of answering normally.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FakeTelegramFaultKind>))]
public enum FakeTelegramFaultKind
{
    /// <summary>429 Too Many Requests with <c>parameters.retry_after</c>; nothing is recorded as a message.</summary>
    [JsonStringEnumMemberName("rate-limit")] RateLimit,

    /// <summary>An HTTP 5xx answer (StatusCode); nothing is recorded as a message.</summary>
    [JsonStringEnumMemberName("server-error")] ServerError,

    /// <summary>Records the message or edit as usual, then holds the answer for HangSeconds (past the client's timeout).</summary>
    [JsonStringEnumMemberName("accept-then-hang")] AcceptThenHang,
}

using SignalStreams.Contracts;

namespace SignalStreams.Telegram;

/// <summary>
/// The outcome of one Bot API call: a closed set. <see cref="Sent"/>, <see cref="Edited"/> and
/// <see cref="NotModified"/> are success. <see cref="Failed"/> means the message is known NOT to be on Telegram.
/// <see cref="Unknown"/> means it may or may not be: callers record that (mapping status <c>unknown</c>) and never
/// send it again.
/// </summary>
public abstract record TelegramResult
{
    private TelegramResult()
    {
    }

    /// <summary>True for <see cref="Sent"/>, <see cref="Edited"/> and <see cref="NotModified"/>.</summary>
    public bool IsSuccess => this is Sent or Edited or NotModified;

    /// <summary>The <c>telegram-mapping.v1</c> status this outcome means: success → sent, Failed → failed, Unknown → unknown.</summary>
    public TelegramDeliveryStatus DeliveryStatus => this switch
    {
        Unknown => TelegramDeliveryStatus.Unknown,
        Failed => TelegramDeliveryStatus.Failed,
        _ => TelegramDeliveryStatus.Sent,
    };

    /// <summary>sendMessage succeeded; Telegram assigned <paramref name="MessageId"/>.</summary>
    public sealed record Sent(long MessageId) : TelegramResult;

    /// <summary>editMessageText succeeded.</summary>
    public sealed record Edited(long MessageId) : TelegramResult;

    /// <summary>editMessageText answered "message is not modified": the message already shows this text.</summary>
    public sealed record NotModified(long MessageId) : TelegramResult;

    /// <summary>
    /// Telegram refused the call (<paramref name="ErrorCode"/> = its <c>error_code</c>), or the call never reached it
    /// (refused locally before sending, or Telegram unreachable after every retry: <paramref name="ErrorCode"/> null).
    /// </summary>
    public sealed record Failed(int? ErrorCode, string Description) : TelegramResult;

    /// <summary>The request may have reached Telegram (timeout after sending, HTTP 5xx, unreadable answer).</summary>
    public sealed record Unknown(string Reason) : TelegramResult;
}

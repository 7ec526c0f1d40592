namespace SignalStreams.Telegram;

/// <summary>The two Bot API calls the MT5 ingest needs. Never throws for Telegram or network failures.</summary>
public interface ITelegramBotClient
{
    /// <summary>
    /// Sends <paramref name="htmlText"/> (Telegram HTML parse mode, link previews off). A request that may have reached
    /// Telegram is never sent a second time: the result is then <see cref="TelegramResult.Unknown"/>.
    /// </summary>
    Task<TelegramResult> SendMessageAsync(string chatId, string htmlText, CancellationToken cancellationToken = default);

    /// <summary>Replaces the text of a message; "message is not modified" is <see cref="TelegramResult.NotModified"/>.</summary>
    Task<TelegramResult> EditMessageTextAsync(string chatId, long messageId, string htmlText, CancellationToken cancellationToken = default);
}

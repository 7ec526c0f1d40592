using Microsoft.Extensions.Options;

namespace SignalStreams.FakeTelegram;

/// <summary>Everything the fake holds: messages per chat with increasing ids, every call, queued faults.</summary>
public sealed class FakeTelegramState(IOptions<FakeTelegramOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly List<FakeTelegramMessage> _messages = [];
    private readonly Dictionary<(string ChatId, long MessageId), int> _positions = [];
    private readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);
    private readonly List<FakeTelegramCall> _calls = [];
    private readonly List<FakeTelegramFault> _faults = [];

    public FakeTelegramOptions Options => options.Value;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public IReadOnlyList<FakeTelegramMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<FakeTelegramCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<FakeTelegramFault> Faults
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults];
            }
        }
    }

    public bool IsKnownChat(string chatId) => options.Value.ChatIds.Contains(chatId, StringComparer.Ordinal);

    public bool IsValidToken(string token) => token.Length > 0 && string.Equals(token, options.Value.BotToken, StringComparison.Ordinal);

    public void AddFault(FakeTelegramFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Count, 1);
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Removes every message, call and fault (message ids start again at 1).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _messages.Clear();
            _positions.Clear();
            _lastIds.Clear();
            _calls.Clear();
            _faults.Clear();
        }
    }

    /// <summary>Takes one use of the first queued fault that applies to <paramref name="method"/>.</summary>
    public FakeTelegramFault? TakeFault(string method)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            if (fault.Count <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Count = fault.Count - 1 };
            }

            return fault;
        }
    }

    public FakeTelegramMessage Send(string chatId, string text, string plainText, string? parseMode, bool linkPreviewDisabled)
    {
        lock (_gate)
        {
            var id = _lastIds.GetValueOrDefault(chatId) + 1;
            _lastIds[chatId] = id;
            var message = new FakeTelegramMessage(chatId, id, text, plainText, parseMode, linkPreviewDisabled, Now, []);
            _positions[(chatId, id)] = _messages.Count;
            _messages.Add(message);
            return message;
        }
    }

    /// <summary>The edited message, or null with <paramref name="notModified"/> telling why nothing changed.</summary>
    public FakeTelegramMessage? Edit(string chatId, long messageId, string text, string plainText, out bool notModified)
    {
        lock (_gate)
        {
            notModified = false;
            if (!_positions.TryGetValue((chatId, messageId), out var index))
            {
                return null;
            }

            var current = _messages[index];
            if (current.Text == text)
            {
                notModified = true;
                return null;
            }

            var edited = current with { Text = text, PlainText = plainText, Edits = [.. current.Edits, new FakeTelegramEdit(text, Now)] };
            _messages[index] = edited;
            return edited;
        }
    }

    public void RecordCall(string method, string? chatId, long? messageId, string? text, int statusCode, string? description, FakeTelegramFaultKind? fault)
    {
        lock (_gate)
        {
            _calls.Add(new FakeTelegramCall(_calls.Count + 1, method, chatId, messageId, text, Now, statusCode, description, fault));
        }
    }
}

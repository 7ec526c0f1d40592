using System.Globalization;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Where a page ended: the last item's time and id, for lists ordered by time descending, then id ascending (a user's
/// executions: createdAt and signalId; a user's positions: openedAt and positionId). Opaque to callers: base64url text.
/// </summary>
internal sealed record PageCursor(long Ticks, string Id)
{
    public static PageCursor After(SignalExecution last) => new(last.CreatedAt.UtcTicks, last.SignalId);

    public static PageCursor After(Position last) => new(last.OpenedAt.UtcTicks, last.PositionId);

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Ticks.ToString(CultureInfo.InvariantCulture) + "|" + Id))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static PageCursor? TryDecode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 2);
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && parts[1].Length is >= 1 and <= 160 && !parts[1].Any(char.IsControl)
                ? new PageCursor(ticks, parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="execution"/> comes after this cursor in page order.</summary>
    public bool Precedes(SignalExecution execution) => Precedes(execution.CreatedAt, execution.SignalId);

    /// <summary>True when <paramref name="position"/> comes after this cursor in page order.</summary>
    public bool Precedes(Position position) => Precedes(position.OpenedAt, position.PositionId);

    private bool Precedes(DateTimeOffset at, string id) =>
        at.UtcTicks < Ticks || (at.UtcTicks == Ticks && string.CompareOrdinal(id, Id) > 0);
}

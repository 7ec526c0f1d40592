using System.Globalization;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Views;

/// <summary>
/// Where a page of a user's executions ended: the last item's createdAt and signalId (the order is createdAt
/// descending, then signalId ascending). Opaque to callers: base64url text.
/// </summary>
internal sealed record ExecutionCursor(long CreatedAtTicks, string SignalId)
{
    public static ExecutionCursor After(SignalExecution last) => new(last.CreatedAt.UtcTicks, last.SignalId);

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CreatedAtTicks.ToString(CultureInfo.InvariantCulture) + "|" + SignalId))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ExecutionCursor? TryDecode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 2);
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && SignalValidator.IsValidSignalId(parts[1])
                ? new ExecutionCursor(ticks, parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="execution"/> comes after this cursor in page order.</summary>
    public bool Precedes(SignalExecution execution) =>
        execution.CreatedAt.UtcTicks < CreatedAtTicks
        || (execution.CreatedAt.UtcTicks == CreatedAtTicks && string.CompareOrdinal(execution.SignalId, SignalId) > 0);
}

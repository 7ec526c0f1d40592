using System.Security.Cryptography;
using System.Text;

namespace SignalStreams.Exchange.Protection;

/// <summary>
/// Deterministic client ids of the orders that protect or close the position of one (signal, user), so that a retry
/// after a crash finds the order it already placed instead of placing a second one. Like <c>ClientOrderIds</c>:
/// a short prefix per kind + base64url SHA-256, 32 characters of <c>[A-Za-z0-9_-]</c>.
/// </summary>
public static class ProtectiveOrderIds
{
    private const int Length = 32;

    public static string For(string signalId, string userId, ProtectionKind kind)
    {
        ArgumentNullException.ThrowIfNull(signalId);
        ArgumentNullException.ThrowIfNull(userId);
        var prefix = kind switch
        {
            ProtectionKind.StopLoss => "sl-",
            ProtectionKind.TakeProfit => "tp-",
            ProtectionKind.Oco => "oc-",
            _ => "cl-",
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(signalId + "\n" + userId + "\n" + kind));
        var encoded = Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return prefix + encoded[..(Length - prefix.Length)];
    }

    /// <summary>The client ids of an OCO's legs: the list id with "-s" (stop) / "-t" (take-profit) in place of its last two characters.</summary>
    public static (string Stop, string TakeProfit) OcoLegs(string listClientOrderId) =>
        (listClientOrderId[..^2] + "-s", listClientOrderId[..^2] + "-t");
}

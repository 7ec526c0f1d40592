using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SignalStreams.Contracts;

/// <summary>
/// The exchange's <c>newClientOrderId</c> for one (signal, user): deterministic, so that an order retried after a
/// crash is recognised by the exchange instead of placed twice.
/// </summary>
public static partial class ClientOrderIds
{
    public const int MaxLength = 32;
    private const string Prefix = "ss-";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? clientOrderId) => clientOrderId is not null && Pattern().IsMatch(clientOrderId);

    /// <summary>"ss-" + 29 base64url characters of SHA-256(signalId, userId): 174 bits, 32 characters.</summary>
    public static string For(string signalId, string userId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(signalId + "\n" + userId));
        var encoded = Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return Prefix + encoded[..(MaxLength - Prefix.Length)];
    }
}

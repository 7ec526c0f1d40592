using System.Security.Cryptography;
using System.Text;
using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Credentials;

/// <summary>
/// Per-user paper accounts without per-user secrets to store: the executor derives each paper user's key pair from
/// the operator's pair, and the paper exchange, which knows the operator's pair, verifies it and opens the user's
/// own account on first use. Key = <c>{operatorKey}.{userId}</c>; secret = lower-case hex HMAC-SHA256 of the userId
/// under the operator's secret, so nobody without the operator's secret can sign for a user.
/// </summary>
public static class PaperAccountKeys
{
    public const char Separator = '.';

    /// <summary>The key pair that signs <paramref name="userId"/>'s orders on the paper exchange.</summary>
    public static ApiCredentials Derive(ApiCredentials operatorPair, string userId)
    {
        ArgumentNullException.ThrowIfNull(operatorPair);
        if (!UserIds.IsValid(userId))
        {
            throw new ArgumentException(UserIds.Rule, nameof(userId));
        }

        return new ApiCredentials(operatorPair.ApiKey + Separator + userId, SecretFor(operatorPair.ApiSecret, userId));
    }

    /// <summary>The derived secret of <paramref name="userId"/> under <paramref name="operatorSecret"/>.</summary>
    public static string SecretFor(string operatorSecret, string userId)
    {
        ArgumentNullException.ThrowIfNull(operatorSecret);
        ArgumentNullException.ThrowIfNull(userId);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(operatorSecret), Encoding.UTF8.GetBytes(userId)));
    }

    /// <summary>
    /// Splits a derived key into the operator key and the userId when <paramref name="apiKey"/> starts with
    /// <paramref name="operatorKey"/> and a separator and the rest is a valid userId.
    /// </summary>
    public static bool TryGetUserId(string apiKey, string operatorKey, out string userId)
    {
        userId = "";
        if (apiKey.Length <= operatorKey.Length + 1 || !apiKey.StartsWith(operatorKey, StringComparison.Ordinal) || apiKey[operatorKey.Length] != Separator)
        {
            return false;
        }

        var candidate = apiKey[(operatorKey.Length + 1)..];
        if (!UserIds.IsValid(candidate))
        {
            return false;
        }

        userId = candidate;
        return true;
    }
}

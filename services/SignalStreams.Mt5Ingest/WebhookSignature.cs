using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// The webhook's <c>X-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{raw body}"}</c> (CONTRACT.md §3).
/// Comparison is constant-time; a timestamp further than the tolerance from now is refused (replay window).
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Signature";

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="unixSeconds"/> (clients and tests).</summary>
    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>Null when the header is valid for <paramref name="body"/>, else why not (a sentence without secrets).</summary>
    public static string? Verify(string? header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "The X-Signature header is missing.";
        }

        string? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                t = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                candidates.Add(part[3..]);
            }
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || candidates.Count == 0)
        {
            return "The X-Signature header must be t={unix seconds},v1={hex HMAC-SHA256}.";
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return $"The X-Signature timestamp is more than {tolerance.TotalSeconds:0} s away from now.";
        }

        var expected = Mac(secret, t, body);
        foreach (var candidate in candidates)
        {
            if (candidate.Length == expected.Length * 2 && TryHex(candidate, out var given) && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return null;
            }
        }

        return "The X-Signature does not match the body.";
    }

    private static byte[] Mac(string secret, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace SignalStreams.Exchange.Binance;

/// <summary>Binance's SIGNED request scheme: lower-case hex HMAC-SHA256 of the total parameter string under the API secret.</summary>
public static class BinanceSigner
{
    public static string Sign(string apiSecret, string totalParams)
    {
        ArgumentNullException.ThrowIfNull(apiSecret);
        ArgumentNullException.ThrowIfNull(totalParams);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.UTF8.GetBytes(totalParams));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time comparison of a received signature (HMAC signatures are case-insensitive at Binance).</summary>
    public static bool Verify(string apiSecret, string totalParams, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(apiSecret, totalParams));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

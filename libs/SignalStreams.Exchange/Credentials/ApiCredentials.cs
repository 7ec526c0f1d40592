namespace SignalStreams.Exchange.Credentials;

/// <summary>
/// An exchange API key and secret in memory. Printing it (ToString, string interpolation, logging, record
/// printing) never shows either value; only <see cref="KeyHint"/> — the last four characters of the key — is ever shown.
/// </summary>
public sealed record ApiCredentials
{
    public ApiCredentials(string apiKey, string apiSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        ApiKey = apiKey;
        ApiSecret = apiSecret;
    }

    /// <summary>Sent as <c>X-MBX-APIKEY</c>.</summary>
    public string ApiKey { get; }

    /// <summary>The HMAC key; never leaves the process.</summary>
    public string ApiSecret { get; }

    /// <summary>"…" and the key's last four characters, to tell keys apart in logs and admin listings.</summary>
    public string KeyHint => HintOf(ApiKey);

    public static string HintOf(string apiKey) => apiKey.Length <= 8 ? "…" : "…" + apiKey[^4..];

    public override string ToString() => $"ApiCredentials {{ ApiKey = {KeyHint}, ApiSecret = [redacted] }}";
}

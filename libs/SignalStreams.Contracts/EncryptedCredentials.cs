namespace SignalStreams.Contracts;

/// <summary>
/// A user's exchange API key and secret, sealed with AES-256-GCM under the service master key with the userId
/// as associated data (<c>user-credentials.v1</c>). Only ciphertext ever travels; see <c>CredentialVault</c>.
/// </summary>
public sealed record EncryptedCredentials
{
    public const string AesGcmAlgorithm = "AES-256-GCM";

    private readonly string? _algorithm;
    private readonly string? _keyId;

    public required string UserId { get; init; }

    /// <summary>Absent in JSON = AES-256-GCM (a property initializer would be overwritten by the JSON reader).</summary>
    public string Algorithm { get => _algorithm ?? AesGcmAlgorithm; init => _algorithm = value; }

    /// <summary>Identifies the master key, so keys can be rotated; absent = <c>v1</c>.</summary>
    public string KeyId { get => _keyId ?? "v1"; init => _keyId = value; }

    /// <summary>Base64 of the 12-byte nonce.</summary>
    public required string Nonce { get; init; }

    /// <summary>Base64 of the encrypted JSON <c>{ apiKey, apiSecret }</c>.</summary>
    public required string Ciphertext { get; init; }

    /// <summary>Base64 of the 16-byte authentication tag.</summary>
    public required string Tag { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public ValidationResult Validate() => new ProblemCollector()
        .Check(UserIds.IsValid(UserId), "userId", UserIds.Rule)
        .Check(Algorithm == AesGcmAlgorithm, "algorithm", "algorithm must be AES-256-GCM.")
        .Check(IsBase64(Nonce, 12), "nonce", "nonce must be base64 of 12 bytes.")
        .Check(IsBase64(Tag, 16), "tag", "tag must be base64 of 16 bytes.")
        .Check(IsBase64(Ciphertext, null), "ciphertext", "ciphertext must be non-empty base64.")
        .ToResult();

    private static bool IsBase64(string? text, int? length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0 && (length is null || written == length);
    }
}

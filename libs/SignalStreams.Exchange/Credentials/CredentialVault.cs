using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SignalStreams.Contracts;

namespace SignalStreams.Exchange.Credentials;

/// <summary>
/// Seals a user's exchange API key and secret with AES-256-GCM under the service master key
/// (<c>Secrets:MasterKey</c>, base64 of exactly 32 random bytes, e.g. <c>openssl rand -base64 32</c>), with the
/// userId as associated data: a record copied onto another user, or any changed byte, fails to open.
/// Plaintext exists only in memory, as <see cref="ApiCredentials"/>.
/// </summary>
public sealed class CredentialVault
{
    public const string MasterKeyConfigKey = "Secrets:MasterKey";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _masterKey;
    private readonly TimeProvider _time;

    /// <param name="masterKeyBase64">Base64 of 32 bytes.</param>
    /// <param name="keyId">Written to each record so that master keys can be rotated later.</param>
    /// <param name="time">Clock for <c>updatedAt</c>.</param>
    public CredentialVault(string masterKeyBase64, string keyId = "v1", TimeProvider? time = null)
    {
        _masterKey = ParseMasterKey(masterKeyBase64);
        KeyId = keyId;
        _time = time ?? TimeProvider.System;
    }

    public string KeyId { get; }

    public EncryptedCredentials Encrypt(string userId, ApiCredentials credentials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(credentials);
        var plaintext = Serialize(credentials);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        try
        {
            using var aes = new AesGcm(_masterKey, TagBytes);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(userId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new EncryptedCredentials
        {
            UserId = userId,
            KeyId = KeyId,
            Nonce = Convert.ToBase64String(nonce),
            Ciphertext = Convert.ToBase64String(ciphertext),
            Tag = Convert.ToBase64String(tag),
            UpdatedAt = _time.GetUtcNow(),
        };
    }

    /// <summary>Opens the record in memory; throws <see cref="CredentialVaultException"/> when it was altered or belongs to another user.</summary>
    public ApiCredentials Decrypt(EncryptedCredentials sealedCredentials)
    {
        ArgumentNullException.ThrowIfNull(sealedCredentials);
        if (sealedCredentials.Algorithm != EncryptedCredentials.AesGcmAlgorithm)
        {
            throw new CredentialVaultException($"Credentials of user {sealedCredentials.UserId} use the unsupported algorithm {sealedCredentials.Algorithm}.");
        }

        if (sealedCredentials.KeyId != KeyId)
        {
            throw new CredentialVaultException($"Credentials of user {sealedCredentials.UserId} were sealed under master key {sealedCredentials.KeyId}, not the configured {KeyId}.");
        }

        byte[] nonce, ciphertext, tag;
        try
        {
            nonce = Convert.FromBase64String(sealedCredentials.Nonce);
            ciphertext = Convert.FromBase64String(sealedCredentials.Ciphertext);
            tag = Convert.FromBase64String(sealedCredentials.Tag);
        }
        catch (FormatException)
        {
            throw new CredentialVaultException($"Credentials of user {sealedCredentials.UserId} are not valid base64.");
        }

        if (nonce.Length != NonceBytes || tag.Length != TagBytes)
        {
            throw new CredentialVaultException($"Credentials of user {sealedCredentials.UserId} have a nonce or tag of the wrong length.");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_masterKey, TagBytes);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(sealedCredentials.UserId));
            return Deserialize(plaintext, sealedCredentials.UserId);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CredentialVaultException($"Credentials of user {sealedCredentials.UserId} failed authentication: they were altered, belong to another user or were sealed under another master key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] ParseMasterKey(string? masterKeyBase64)
    {
        if (string.IsNullOrWhiteSpace(masterKeyBase64))
        {
            throw new CredentialVaultException($"{MasterKeyConfigKey} is required: base64 of 32 random bytes (for example from 'openssl rand -base64 32').");
        }

        var buffer = new byte[masterKeyBase64.Length];
        if (!Convert.TryFromBase64String(masterKeyBase64.Trim(), buffer, out var written))
        {
            throw new CredentialVaultException($"{MasterKeyConfigKey} is not valid base64; it must be base64 of 32 random bytes.");
        }

        if (written != KeyBytes)
        {
            throw new CredentialVaultException($"{MasterKeyConfigKey} decodes to {written} bytes; AES-256-GCM needs exactly 32.");
        }

        return buffer[..KeyBytes];
    }

    private static byte[] AssociatedData(string userId) => Encoding.UTF8.GetBytes("user-credentials.v1:" + userId);

    private static byte[] Serialize(ApiCredentials credentials)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("apiKey", credentials.ApiKey);
            writer.WriteString("apiSecret", credentials.ApiSecret);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static ApiCredentials Deserialize(byte[] plaintext, string userId)
    {
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            var root = document.RootElement;
            return new ApiCredentials(root.GetProperty("apiKey").GetString()!, root.GetProperty("apiSecret").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            // Never attach the inner exception: a JSON error could quote the plaintext.
            throw new CredentialVaultException($"Credentials of user {userId} opened but do not hold an apiKey and apiSecret.");
        }
    }
}

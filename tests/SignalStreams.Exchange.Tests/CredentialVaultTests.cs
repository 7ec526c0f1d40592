using System.Security.Cryptography;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class CredentialVaultTests
{
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const string ApiSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Credentials_round_trip_and_the_record_holds_no_plaintext()
    {
        var vault = new CredentialVault(MasterKey);

        var sealedCredentials = vault.Encrypt("u-1", new ApiCredentials(ApiKey, ApiSecret));
        var opened = vault.Decrypt(sealedCredentials);

        Assert.Equal(ApiKey, opened.ApiKey);
        Assert.Equal(ApiSecret, opened.ApiSecret);
        Assert.True(sealedCredentials.Validate().IsValid);
        var json = System.Text.Encoding.UTF8.GetString(ContractJson.Serialize(sealedCredentials, ContractsJsonContext.Default.EncryptedCredentials));
        Assert.DoesNotContain(ApiKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiSecret, json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_ciphertext_byte_is_detected()
    {
        var vault = new CredentialVault(MasterKey);
        var sealedCredentials = vault.Encrypt("u-1", new ApiCredentials(ApiKey, ApiSecret));
        var bytes = Convert.FromBase64String(sealedCredentials.Ciphertext);
        bytes[3] ^= 0x01;

        var error = Assert.Throws<CredentialVaultException>(() => vault.Decrypt(sealedCredentials with { Ciphertext = Convert.ToBase64String(bytes) }));

        Assert.Contains("failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_moved_to_another_user_is_detected()
    {
        var vault = new CredentialVault(MasterKey);
        var sealedCredentials = vault.Encrypt("u-1", new ApiCredentials(ApiKey, ApiSecret));

        Assert.Throws<CredentialVaultException>(() => vault.Decrypt(sealedCredentials with { UserId = "u-2" }));
    }

    [Fact]
    public void A_record_sealed_under_another_master_key_does_not_open()
    {
        var sealedCredentials = new CredentialVault(MasterKey).Encrypt("u-1", new ApiCredentials(ApiKey, ApiSecret));
        var other = new CredentialVault(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Throws<CredentialVaultException>(() => other.Decrypt(sealedCredentials));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_master_key_of_the_wrong_length_is_refused_without_printing_it(int length)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));

        var error = Assert.Throws<CredentialVaultException>(() => new CredentialVault(key));

        Assert.Contains($"decodes to {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secrets:MasterKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key[..12], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_key_that_is_not_base64_is_refused_without_printing_it()
    {
        var error = Assert.Throws<CredentialVaultException>(() => new CredentialVault("not base64 at all!!"));

        Assert.DoesNotContain("not base64 at all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_credentials_shows_neither_the_key_nor_the_secret()
    {
        var credentials = new ApiCredentials(ApiKey, ApiSecret);
        var printed = new[] { credentials.ToString(), $"{credentials}", string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", credentials), new { credentials }.ToString()! };

        foreach (var text in printed)
        {
            Assert.DoesNotContain(ApiSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
            Assert.Contains("[redacted]", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tamper_errors_do_not_quote_key_material()
    {
        var vault = new CredentialVault(MasterKey);
        var sealedCredentials = vault.Encrypt("u-1", new ApiCredentials(ApiKey, ApiSecret));

        var error = Assert.Throws<CredentialVaultException>(() => vault.Decrypt(sealedCredentials with { Tag = Convert.ToBase64String(new byte[16]) }));

        foreach (var secret in new[] { ApiKey, ApiSecret, MasterKey, sealedCredentials.Ciphertext })
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SignalStreams.Exchange.Credentials;

namespace SignalStreams.SignalApi;

/// <summary>The <c>Secrets</c> section; the master key seals users' exchange credentials before they reach Kafka.</summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Secrets:MasterKey is required: set it (base64 of 32 bytes) in appsettings.json or as the environment variable Secrets__MasterKey.")]
    public string MasterKey { get; set; } = "";
}

/// <summary>A master key that is present but not base64 of 32 bytes stops the start with the vault's sentence.</summary>
internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _ = new CredentialVault(options.MasterKey);
            return ValidateOptionsResult.Success;
        }
        catch (CredentialVaultException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace SignalStreams.SignalExecutor;

/// <summary>The <c>Secrets</c> section; the master key decrypts users' exchange credentials in memory only.</summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Secrets:MasterKey is required: set it (base64 of 32 bytes) in appsettings.json or as the environment variable Secrets__MasterKey.")]
    public string MasterKey { get; set; } = "";
}

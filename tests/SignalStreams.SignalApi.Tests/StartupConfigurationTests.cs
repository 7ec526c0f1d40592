using Microsoft.Extensions.Options;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Required and invalid settings stop the start with a sentence naming the key, never a token's value.</summary>
[Collection("kafka")]
public sealed class StartupConfigurationTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_missing_master_key_stops_the_start_naming_Secrets_MasterKey()
    {
        var settings = ApiHarness.BaseSettings(kafka, kafka.NewTopics(), "");
        settings.Remove("Secrets:MasterKey");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalApiApp.StartAsync(settings));

        Assert.Contains("Secrets:MasterKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_master_key_that_is_not_32_bytes_stops_the_start_naming_the_key()
    {
        var settings = ApiHarness.BaseSettings(kafka, kafka.NewTopics(), Convert.ToBase64String(new byte[16]));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalApiApp.StartAsync(settings));

        Assert.Contains("Secrets:MasterKey decodes to 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_an_unknown_role_stops_the_start_without_showing_the_token()
    {
        var settings = ApiHarness.BaseSettings(kafka, kafka.NewTopics(), Convert.ToBase64String(new byte[32]));
        settings["Auth:Tokens:1:Role"] = "superuser";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalApiApp.StartAsync(settings));

        Assert.Contains("Auth:Tokens:1:Role must be admin, source or reader.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiHarness.SourceToken, error.Message, StringComparison.Ordinal);
    }
}

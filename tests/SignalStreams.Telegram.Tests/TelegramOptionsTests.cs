using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramOptionsTests
{
    [Theory]
    [InlineData("Telegram:BotToken")]
    [InlineData("Telegram:ChatId")]
    public async Task Service_without_a_required_key_does_not_start_and_names_the_key(string missing)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = missing == "Telegram:BotToken" ? null : "123:abc",
            ["Telegram:ChatId"] = missing == "Telegram:ChatId" ? null : "-100",
        });
        builder.Services.AddTelegramBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.Contains($"{missing} is required", failure, StringComparison.Ordinal);
        Assert.Contains(missing.Replace(":", "__", StringComparison.Ordinal), failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_base_url_is_refused_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123:abc",
            ["Telegram:ChatId"] = "-100",
            ["Telegram:BaseUrl"] = "api.telegram.org",
        });
        builder.Services.AddTelegramBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Telegram:BaseUrl must be an absolute http or https URL.", error.Failures);
    }

    [Theory]
    [InlineData("Telegram:BaseUrl", "https://proxy.example/telegram", "Telegram:BaseUrl must be scheme, host and port only")]
    [InlineData("Telegram:BotToken", "no-bot-id-SecretValue", "Telegram:BotToken must look like 123456789:AAE...")]
    public async Task Setting_telegram_bot_would_misread_is_refused_at_start_without_echoing_it(string key, string value, string sentence)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123:abc",
            ["Telegram:ChatId"] = "-100",
            [key] = value,
        });
        builder.Services.AddTelegramBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(sentence, Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("SecretValue", error.ToString(), StringComparison.Ordinal);
    }
}

using SignalStreams.FakeTelegram;

namespace SignalStreams.Telegram.Tests;

public sealed class TelegramHtmlTests
{
    [Fact]
    public void Escape_replaces_ampersands_and_angle_brackets_with_telegrams_entities()
    {
        Assert.Equal("a &lt;b&gt; &amp;&amp; c &gt; d \"q\"", TelegramHtml.Escape("a <b> && c > d \"q\""));
    }

    [Fact]
    public void Attribute_escape_also_replaces_double_quotes()
    {
        Assert.Equal("https://x.test/?a=1&amp;b=&quot;2&quot;&lt;", TelegramHtml.EscapeAttribute("https://x.test/?a=1&b=\"2\"<"));
    }

    [Fact]
    public async Task Escaped_text_reaches_telegram_showing_exactly_what_was_written()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);
        const string raw = "<script>alert(\"x\")</script> & 5 > 3 < 4 &amp;";
        const string href = "https://example.com/?a=1&b=\"2\"";

        var result = await harness.Client.SendMessageAsync(telegram.ChatId,
            $"<b>{TelegramHtml.Escape(raw)}</b> <a href=\"{TelegramHtml.EscapeAttribute(href)}\">{TelegramHtml.Escape("link")}</a>");

        Assert.IsType<TelegramResult.Sent>(result);
        Assert.Equal(raw + " link", Assert.Single(telegram.Messages).PlainText);
    }

    [Fact]
    public async Task Unescaped_markup_is_refused_by_telegram_as_unparseable()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, "profit < 5 & loss > 2");

        var failed = Assert.IsType<TelegramResult.Failed>(result);
        Assert.StartsWith("Bad Request: can't parse entities", failed.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_longer_than_4096_characters_is_refused_before_any_http_call()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, new string('x', 4097));
        var edit = await harness.Client.EditMessageTextAsync(telegram.ChatId, 1, "<b>" + new string('x', 4090) + "</b>");

        var failed = Assert.IsType<TelegramResult.Failed>(result);
        Assert.Null(failed.ErrorCode);
        Assert.Contains("4097", failed.Description, StringComparison.Ordinal);
        Assert.Contains("4096", failed.Description, StringComparison.Ordinal);
        Assert.IsType<TelegramResult.Failed>(edit);
        Assert.Empty(telegram.Calls);
    }

    [Fact]
    public async Task Text_of_exactly_4096_characters_is_sent()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, new string('x', 4096));

        Assert.IsType<TelegramResult.Sent>(result);
        Assert.Equal(4096, Assert.Single(telegram.Messages).PlainText.Length);
    }

    [Fact]
    public async Task Empty_text_is_refused_before_any_http_call()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        var result = await harness.Client.SendMessageAsync(telegram.ChatId, "  ");

        Assert.Equal(new TelegramResult.Failed(null, "The message text is empty."), result);
        Assert.Empty(telegram.Calls);
    }
}

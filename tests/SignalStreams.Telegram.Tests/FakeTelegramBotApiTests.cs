using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SignalStreams.FakeTelegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SignalStreams.Telegram.Tests;

/// <summary>The fake answers what Telegram.Bot really sends, the way the Bot API does (it stands in for Telegram in every test).</summary>
public sealed class FakeTelegramBotApiTests
{
    [Theory]
    [InlineData(0, true)]   // how the service configures it: no library retry, sendMessage's JSON body streams chunked
    [InlineData(3, false)]  // the library's default: buffered for its 429 retry, with a Content-Length
    public async Task Telegram_Bot_requests_are_accepted_and_answered_as_telegram_does(int retryCount, bool sendChunked)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var bodies = new RecordingHandler();
        using var http = new HttpClient(bodies);
        var bot = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl) { RetryCount = retryCount }, http);

        var sent = await bot.SendMessage(new ChatId(telegram.ChatId), "<b>BUY</b> BTCUSDT", ParseMode.Html, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true });
        var edited = await bot.EditMessageText(new ChatId(telegram.ChatId), sent.Id, "<b>BUY</b> BTCUSDT +1.00", ParseMode.Html);

        // editMessageText is a file-capable request in Telegram.Bot and always goes with a Content-Length.
        Assert.Equal([("sendMessage", sendChunked), ("editMessageText", false)], bodies.Requests.Select(r => (r.Method, r.Chunked)));
        Assert.All(bodies.Requests, r => Assert.Contains("\"parse_mode\":\"Html\"", r.Body, StringComparison.Ordinal));
        var message = Assert.Single(telegram.Messages);
        Assert.Equal((sent.Id, sent.Id), (message.MessageId, edited.Id));
        Assert.Equal(long.Parse(telegram.ChatId, System.Globalization.CultureInfo.InvariantCulture), sent.Chat.Id);
        Assert.Equal(ChatType.Channel, sent.Chat.Type);
        Assert.Equal("BUY BTCUSDT", sent.Text);
        Assert.Equal("BUY BTCUSDT +1.00", edited.Text);
        Assert.Equal(("HTML", true), (message.ParseMode, message.LinkPreviewDisabled));
        Assert.Equal("BUY BTCUSDT +1.00", message.PlainText);
    }

    [Theory]
    [InlineData("HTML")]
    [InlineData("html")]
    [InlineData("Html")]
    [InlineData("hTmL")]
    public async Task Parse_mode_is_compared_case_insensitively_like_the_bot_api(string parseMode)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();

        var (status, answer) = await PostAsync(telegram, "sendMessage", new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "<i>a</i> &amp; b", ["parse_mode"] = parseMode });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("a & b", answer["result"]!["text"]!.GetValue<string>());
        Assert.Equal("HTML", Assert.Single(telegram.Messages).ParseMode);
    }

    [Fact]
    public async Task Parse_mode_none_shows_the_text_as_written()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();

        var (status, _) = await PostAsync(telegram, "sendMessage", new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "<b>5 > 3</b>", ["parse_mode"] = "None" });

        Assert.Equal(HttpStatusCode.OK, status);
        var message = Assert.Single(telegram.Messages);
        Assert.Equal(("<b>5 > 3</b>", null), (message.PlainText, message.ParseMode));
    }

    [Fact]
    public async Task Unknown_parse_mode_is_refused_with_the_bot_api_error_shape()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();

        var (status, answer) = await PostAsync(telegram, "sendMessage", new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "x", ["parse_mode"] = "xml" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"ok":false,"error_code":400,"description":"Bad Request: unsupported parse_mode"}""", answer.ToJsonString());
        Assert.Empty(telegram.Messages);
    }

    [Fact]
    public async Task Rate_limit_answer_carries_retry_after_in_parameters_and_reaches_telegram_bot_as_such()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.RateLimitNext(retryAfterSeconds: 7, count: 2);

        var (status, answer) = await PostAsync(telegram, "sendMessage", new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "x" });
        var bot = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl) { RetryCount = 0 });
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(new ChatId(telegram.ChatId), "x"));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""", answer.ToJsonString());
        Assert.Equal((429, 7, "Too Many Requests: retry after 7"), (error.ErrorCode, error.Parameters?.RetryAfter, error.Message));
        Assert.Empty(telegram.Messages);
    }

    [Fact]
    public async Task Internal_server_error_is_a_bot_api_answer()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.FailNext(500);

        var (status, answer) = await PostAsync(telegram, "sendMessage", new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "x" });

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("""{"ok":false,"error_code":500,"description":"Internal Server Error"}""", answer.ToJsonString());
        Assert.Empty(telegram.Messages);
    }

    [Theory]
    [InlineData(502, "502 Bad Gateway")]
    [InlineData(504, "504 Gateway Time-out")]
    public async Task Gateway_errors_are_the_front_ends_html_page_not_a_bot_api_answer(int code, string title)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        telegram.FailNext(code);
        using var http = new HttpClient();

        using var response = await http.PostAsync($"{telegram.BaseUrl}/bot{telegram.BotToken}/sendMessage", Json(new JsonObject { ["chat_id"] = telegram.ChatId, ["text"] = "x" }));

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<title>{title}</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(code, Assert.Single(telegram.Calls).StatusCode);
        Assert.Empty(telegram.Messages);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Answer)> PostAsync(FakeTelegramServer telegram, string method, JsonObject body)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{telegram.BaseUrl}/bot{telegram.BotToken}/{method}", Json(body));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Records each request body as it goes out, and whether it went chunked (no Content-Length), without changing how it goes.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<(string Method, string Body, bool Chunked)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                var length = content.Headers.ContentLength;
                var method = request.RequestUri!.Segments[^1];
                request.Content = new TeeContent(content, length, body => Requests.Add((method, body, length is null)));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Sends the inner content as it is (same length or none, same type) and hands its text to a callback.</summary>
    private sealed class TeeContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long? _length;
        private readonly Action<string> _seen;

        public TeeContent(HttpContent inner, long? length, Action<string> seen)
        {
            (_inner, _length, _seen) = (inner, length, seen);
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            using var copy = new MemoryStream();
            await _inner.CopyToAsync(copy);
            _seen(Encoding.UTF8.GetString(copy.ToArray()));
            copy.Position = 0;
            await copy.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length ?? 0;
            return _length is not null;
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SignalStreams.FakeTelegram;

namespace SignalStreams.Telegram.Tests;

public sealed class FakeTelegramAdminApiTests
{
    [Fact]
    public async Task Fault_posted_to_the_admin_api_answers_the_next_call_and_can_be_cleared()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(telegram.BaseUrl) };
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);

        using var posted = await http.PostAsJsonAsync("/admin/faults", new { kind = "server-error", statusCode = 502, count = 2, method = "sendMessage" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.IsType<TelegramResult.Unknown>(await harness.Client.SendMessageAsync(telegram.ChatId, "first"));
        using var cleared = await http.DeleteAsync("/admin/faults");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.IsType<TelegramResult.Sent>(await harness.Client.SendMessageAsync(telegram.ChatId, "second"));

        using var calls = JsonDocument.Parse(await http.GetStringAsync("/admin/calls"));
        Assert.Equal([502, 200], calls.RootElement.EnumerateArray().Select(c => c.GetProperty("statusCode").GetInt32()));
        using var messages = JsonDocument.Parse(await http.GetStringAsync("/admin/messages"));
        Assert.Equal("second", Assert.Single(messages.RootElement.EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Invalid_fault_is_refused_with_a_problem_detail()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(telegram.BaseUrl) };

        using var response = await http.PostAsJsonAsync("/admin/faults", new { kind = "server-error", statusCode = 404 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("5xx", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(telegram.Faults);
    }

    [Fact]
    public async Task Message_history_lists_every_edit_in_order()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var harness = TelegramClientHarness.Create(telegram.BaseUrl, telegram.BotToken, telegram.ChatId);
        var id = Assert.IsType<TelegramResult.Sent>(await harness.Client.SendMessageAsync(telegram.ChatId, "v1")).MessageId;
        await harness.Client.EditMessageTextAsync(telegram.ChatId, id, "v2");
        await harness.Client.EditMessageTextAsync(telegram.ChatId, id, "v3");

        var message = Assert.Single(telegram.MessagesIn(telegram.ChatId));

        Assert.Equal("v3", message.Text);
        Assert.Equal(["v2", "v3"], message.Edits.Select(e => e.Text));
    }
}

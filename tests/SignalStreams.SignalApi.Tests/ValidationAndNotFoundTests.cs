using System.Net;
using System.Net.Http.Json;
using System.Text;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Bad input is a 400 problem that lists every problem at once; unknown things are 404 problems.</summary>
[Collection("kafka")]
public sealed class ValidationAndNotFoundTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task A_signal_with_several_mistakes_is_refused_with_every_one_listed()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var response = await api.Source.PostAsJsonAsync("/api/signals", new { signalId = "bad id!", symbol = "btc", entryPrice = -1, leverage = 500 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["entryPrice", "leverage", "market", "side", "signalId", "source", "strength", "symbol"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Bodies_that_are_not_json_objects_or_name_unknown_enum_values_are_400_problems()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var notJson = await api.Source.PostAsync("/api/signals", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var array = await api.Admin.PutAsync("/api/users/u-1/settings", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        using var badEnum = await api.Source.PostAsJsonAsync("/api/signals", new { signalId = "s-1", source = "x", symbol = "BTCUSDT", market = "MOON", side = "BUY", entryPrice = 1, strength = "WEAK" });

        Assert.Equal(["body"], await notJson.ProblemFieldsAsync());
        Assert.Equal(["body"], await array.ProblemFieldsAsync());
        Assert.Equal(["market"], await badEnum.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Settings_are_refused_with_every_problem_listed_and_a_path_body_user_mismatch_is_400()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var missing = await api.Admin.PutAsJsonAsync("/api/users/u-1/settings", new { email = "x@example.com" });
        using var invalid = await api.Admin.PutAsJsonAsync("/api/users/u-1/settings", new
        {
            email = "not-an-address", botEnabled = true, symbols = new[] { "btc" }, sizing = new { mode = "FIXED_QUOTE", value = -5 }, leverage = 500, maxOpenPositions = -1,
        });
        using var mismatch = await api.Admin.PutAsJsonAsync("/api/users/u-1/settings", TestData.Settings("u-2"));

        Assert.Equal(["botEnabled", "sizing"], await missing.ProblemFieldsAsync());
        var fields = await invalid.ProblemFieldsAsync();
        Assert.Contains("email", fields);
        Assert.Contains("symbols", fields);
        Assert.Contains("leverage", fields);
        Assert.Contains("maxOpenPositions", fields);
        Assert.True(fields.Length >= 5, string.Join(",", fields));
        Assert.Equal(["userId"], await mismatch.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Credentials_execution_requests_and_queries_list_every_problem()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var credentials = await api.Admin.PutAsJsonAsync("/api/users/u-1/credentials", new { apiKey = "" });
        using var execute = await api.Admin.PostAsJsonAsync("/api/users/bad:user/executions", new { signalId = "bad id" });
        using var page = await api.Reader.GetAsync("/api/users/u-1/executions?status=done&limit=0&cursor=%21%21");
        using var execution = await api.Reader.GetAsync("/api/signals/bad%20id/executions/bad:user");
        using var mt5 = await api.Reader.GetAsync("/api/mt5/positions/a:b/c:d");
        using var cancel = await api.Source.PostAsync("/api/signals/bad%20id/cancel", null);

        Assert.Equal(["apiKey", "apiSecret"], await credentials.ProblemFieldsAsync());
        Assert.Equal(["signalId", "userId"], await execute.ProblemFieldsAsync());
        Assert.Equal(["cursor", "limit", "status"], await page.ProblemFieldsAsync());
        Assert.Equal(["signalId", "userId"], await execution.ProblemFieldsAsync());
        Assert.Equal(["accountId", "positionId"], await mt5.ProblemFieldsAsync());
        Assert.Equal(["signalId"], await cancel.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Unknown_signals_users_and_positions_are_404_problems()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        string[] reads =
        [
            "/api/signals/nope", "/api/signals/nope/stats", "/api/signals/nope/stats/percentiles", "/api/signals/nope/executions",
            "/api/signals/nope/executions/u-1", "/api/mt5/positions/acc-1/404",
        ];
        foreach (var path in reads)
        {
            using var response = await api.Reader.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var cancel = await api.Source.PostAsync("/api/signals/nope/cancel", null);
        using var execute = await api.Admin.PostAsJsonAsync("/api/users/u-1/executions", new { signalId = "nope" });
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, execute.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Bearer tokens and roles on every endpoint: 401 without or with an unknown token, 403 with the wrong role, 429 beyond the rate.</summary>
[Collection("kafka")]
public sealed class AuthorizationTests(KafkaClusterFixture kafka)
{
    private static readonly (HttpMethod Method, string Path, string Role, object? Body)[] Endpoints =
    [
        (HttpMethod.Post, "/api/signals", "source", TestData.SignalBody("auth-sig")),
        (HttpMethod.Post, "/api/signals/auth-sig/cancel", "source", null),
        (HttpMethod.Get, "/api/signals/auth-sig", "reader", null),
        (HttpMethod.Get, "/api/signals/auth-sig/stats", "reader", null),
        (HttpMethod.Get, "/api/signals/auth-sig/stats/percentiles", "reader", null),
        (HttpMethod.Get, "/api/signals/auth-sig/executions", "reader", null),
        (HttpMethod.Get, "/api/signals/auth-sig/executions/u-1", "reader", null),
        (HttpMethod.Get, "/api/users/u-1/executions", "reader", null),
        (HttpMethod.Put, "/api/users/u-1/settings", "admin", TestData.Settings("u-1")),
        (HttpMethod.Put, "/api/users/u-1/credentials", "admin", new { apiKey = "k-123456789", apiSecret = "s-123456789" }),
        (HttpMethod.Post, "/api/users/u-1/executions", "admin", new { signalId = "auth-sig" }),
        (HttpMethod.Get, "/api/mt5/positions/acc-1/123", "reader", null),
    ];

    [Fact]
    public async Task Every_endpoint_answers_401_problem_without_a_token_or_with_an_unknown_one()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        var anonymous = api.Client(null);
        var stranger = api.Client("not-a-configured-token");

        foreach (var endpoint in Endpoints)
        {
            foreach (var client in new[] { anonymous, stranger })
            {
                using var response = await client.SendAsync(Request(endpoint));
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Method} {endpoint.Path} answered {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.False(string.IsNullOrWhiteSpace((await response.JsonAsync()).GetProperty("detail").GetString()));
            }
        }
    }

    [Fact]
    public async Task Every_endpoint_answers_403_problem_to_a_token_without_its_role()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        foreach (var endpoint in Endpoints)
        {
            var wrongTokens = endpoint.Role switch
            {
                "source" => new[] { ApiHarness.ReaderToken },
                "reader" => [ApiHarness.SourceToken],
                _ => [ApiHarness.SourceToken, ApiHarness.ReaderToken],
            };
            foreach (var token in wrongTokens)
            {
                using var response = await api.Client(token).SendAsync(Request(endpoint));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint.Method} {endpoint.Path} answered {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task An_admin_token_may_also_publish_and_read()
    {
        await using var api = await ApiHarness.StartAsync(kafka);

        using var published = await api.Admin.PostAsJsonAsync("/api/signals", TestData.SignalBody("admin-sig"));
        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        await Eventually.UntilAsync(async () => (await api.Admin.GetAsync("/api/signals/admin-sig")).StatusCode == HttpStatusCode.OK, "the admin reads the signal it published");
    }

    [Fact]
    public async Task Requests_beyond_a_tokens_rate_get_a_429_problem_while_other_tokens_still_pass()
    {
        await using var api = await ApiHarness.StartAsync(kafka, new Dictionary<string, string?> { ["RateLimit:PermitsPerSecond"] = "1", ["RateLimit:Burst"] = "3" });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10; i++)
        {
            var response = await api.Reader.GetAsync("/api/users/u-1/executions");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
        using var other = await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("rate-sig"));
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    private static HttpRequestMessage Request((HttpMethod Method, string Path, string Role, object? Body) endpoint) =>
        new(endpoint.Method, endpoint.Path) { Content = endpoint.Body is null ? null : JsonContent.Create(endpoint.Body) };
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>Credentials never come back out; a restarted API rebuilds its views from the topics and answers the same.</summary>
[Collection("kafka")]
public sealed class CredentialSecrecyAndRestartTests(KafkaClusterFixture kafka)
{
    private const string ApiKey = "LIVEKEY-9d2f7a0c41b6e8";
    private const string ApiSecret = "LIVESECRET-5e1b9c3d7f2a04";

    [Fact]
    public async Task Credentials_are_sealed_on_the_topic_and_appear_in_no_response_or_log_line()
    {
        var logs = new CapturingLoggerProvider();
        await using var api = await ApiHarness.StartAsync(kafka, logs: logs);
        await api.WriteAsync(TestData.Signal("c-1"));
        await api.WriteAsync(TestData.Execution("c-1", "u-c", ExecutionStatus.Executed, TestData.T0, 0.1m, 100));

        using var put = await api.Admin.PutAsJsonAsync("/api/users/u-c/credentials", new { apiKey = ApiKey, apiSecret = ApiSecret });
        using var invalid = await api.Admin.PutAsJsonAsync("/api/users/u-c/credentials", new { apiKey = ApiKey, apiSecret = 42 });
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/c-1/executions/u-c")).IsSuccessStatusCode, "the views have the seeded records");
        var answers = new StringBuilder(await put.Content.ReadAsStringAsync()).Append(await invalid.Content.ReadAsStringAsync());
        foreach (var path in new[] { "/api/signals/c-1", "/api/signals/c-1/stats", "/api/signals/c-1/stats/percentiles", "/api/signals/c-1/executions", "/api/signals/c-1/executions/u-c", "/api/users/u-c/executions", "/metrics", "/health/ready" })
        {
            using var response = await api.Admin.GetAsync(path);
            answers.Append(string.Join(" ", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value))).Append(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var record = Assert.Single(TopicReader.ReadAll(kafka.BootstrapServers, api.Topics.UserCredentials));
        var topicBytes = record.Text! + string.Join(" ", record.Headers.Values);
        var logText = string.Join("\n", logs.Lines);
        Assert.NotEmpty(logs.Lines);
        foreach (var secret in new[] { ApiKey, ApiSecret })
        {
            Assert.DoesNotContain(secret, answers.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, topicBytes, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logText, StringComparison.Ordinal);
        }

        // What is on the topic is the real thing: the executor's vault opens it for this user only.
        var opened = new CredentialVault(api.MasterKey).Decrypt(record.As(ContractsJsonContext.Default.EncryptedCredentials));
        Assert.Equal((ApiKey, ApiSecret, "u-c"), (opened.ApiKey, opened.ApiSecret, record.Key));
    }

    [Fact]
    public async Task A_restarted_api_rebuilds_its_views_from_the_topics_and_answers_the_same()
    {
        await using var api = await ApiHarness.StartAsync(kafka);
        using var published = await api.Source.PostAsJsonAsync("/api/signals", TestData.SignalBody("r-1"));
        for (var i = 0; i < 5; i++)
        {
            await api.WriteAsync(TestData.Execution("r-1", $"u-{i}", i == 4 ? ExecutionStatus.Failed : ExecutionStatus.Executed, TestData.T0.AddSeconds(i), 0.01m * i, 100 + i));
        }

        // A later version of the same key replaces the earlier one, as compaction would.
        await api.WriteAsync(TestData.Execution("r-1", "u-4", ExecutionStatus.Executed, TestData.T0.AddSeconds(4), 0.5m, 450));
        string[] paths = ["/api/signals/r-1", "/api/signals/r-1/stats", "/api/signals/r-1/stats/percentiles", "/api/signals/r-1/executions", "/api/signals/r-1/executions/u-4", "/api/users/u-4/executions?limit=1"];
        await Eventually.UntilAsync(async () => (await (await api.Reader.GetAsync("/api/signals/r-1/executions/u-4")).Content.ReadAsStringAsync()).Contains("\"executed\"", StringComparison.Ordinal), "the view has the latest record");
        await Eventually.UntilAsync(async () => (await api.Reader.GetAsync("/api/signals/r-1")).IsSuccessStatusCode, "the view has the signal");
        var before = await ReadAllAsync(api, paths);

        await api.RestartAsync();
        var after = await ReadAllAsync(api, paths);

        Assert.Equal(before, after);
        Assert.Contains("\"count\":5", before[1], StringComparison.Ordinal);
    }

    private static async Task<List<string>> ReadAllAsync(ApiHarness api, IEnumerable<string> paths)
    {
        var answers = new List<string>();
        foreach (var path in paths)
        {
            using var response = await api.Reader.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        return answers;
    }
}

using System.Text;
using SignalStreams.Testing;
using Xunit;

namespace SignalStreams.SignalApi.Tests;

/// <summary>The TradingView secret reaches no log line, no topic record and no response, whatever the alert's outcome.</summary>
[Collection("kafka")]
public sealed class TradingViewSecrecyTests(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task The_secret_appears_in_no_log_line_topic_record_or_response()
    {
        var logs = new CapturingLoggerProvider();
        await using var api = await ApiHarness.StartAsync(kafka, TradingViewAlerts.Settings(permitsPerMinute: 1, burst: 5), logs);
        var answers = new StringBuilder();
        string[] messages =
        [
            TradingViewAlerts.Message("s-1"),                                         // published
            TradingViewAlerts.Message("s-1"),                                         // duplicate
            TradingViewAlerts.Message("s-2", secret: TradingViewAlerts.Secret + "!"), // wrong secret that contains the real one
            TradingViewAlerts.Message("s-3", side: "hold"),                           // invalid field
            TradingViewAlerts.Message("s-1", action: "close"),                        // closed
            TradingViewAlerts.Message("s-1", action: "cancel"),                       // already closed: nothing
            "{\"secret\":\"" + TradingViewAlerts.Secret + "\"",                       // broken JSON holding the secret
            TradingViewAlerts.Message("s-4"),                                         // over the limit
        ];
        var statuses = new List<int>();
        foreach (var message in messages)
        {
            var (status, body, headers) = await TradingViewAlerts.SendAsync(api, message);
            statuses.Add(status);
            answers.Append(headers).Append(body);
        }

        using var metrics = await api.Reader.GetAsync("/metrics");
        answers.Append(await metrics.Content.ReadAsStringAsync());
        var onTopics = new StringBuilder();
        foreach (var topic in api.Topics.All().Select(spec => spec.BaseName))
        {
            foreach (var record in TopicReader.ReadAll(kafka.BootstrapServers, topic, TimeSpan.FromSeconds(5)))
            {
                onTopics.Append(record.Key).Append(record.Text).Append(string.Join(" ", record.Headers.Values));
            }
        }

        Assert.Equal([202, 202, 401, 400, 202, 202, 400, 429], statuses);
        Assert.Contains("tv-alpha-", onTopics.ToString(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.Contains("published as tv-alpha-", StringComparison.Ordinal));
        Assert.DoesNotContain(TradingViewAlerts.Secret, answers.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TradingViewAlerts.Secret, onTopics.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TradingViewAlerts.Secret, string.Join("\n", logs.Lines), StringComparison.Ordinal);
    }
}

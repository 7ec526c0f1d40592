using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Kafka;
using SignalStreams.Sdk;

namespace SignalStreams.Demo;

/// <summary>
/// The main job end to end: onboard a mixed population of users, publish signals (one WEAK, one in the legacy
/// EXECUTED status), have one user try the same signal twice more, then wait for every eligible user's execution and
/// print per signal how many executed, failed and were filtered, with latency percentiles and the time until the
/// last user executed.
/// </summary>
internal sealed class ExecutionDemo(SignalPublisher publisher, ContractRecordWriter writer, KafkaClientFactory clients, DemoOptions options)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);
    private readonly TopicNames _topics = new(clients.Options.TopicPrefix);
    private readonly string _run = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    public async Task<int> RunAsync()
    {
        var users = DemoUsers.Create(_run, options.Users, options.BinanceUsers);
        await OnboardAsync(users);

        Console.WriteLine($"Publishing 4 signals through the SDK");
        var signals = new List<Signal>();
        foreach (var draft in Drafts())
        {
            signals.Add((await publisher.PublishAsync(draft)).Signal);
        }

        var eager = users[0];
        for (var i = 0; i < 2; i++)
        {
            var request = new ExecutionRequest { SignalId = signals[0].SignalId, UserId = eager.UserId, RequestedAt = DateTimeOffset.UtcNow };
            await writer.WriteAsync(_topics.ExecutionRequests, eager.UserId, request, ContractsJsonContext.Default.ExecutionRequest, SchemaNames.ExecutionRequest);
        }

        Console.WriteLine($"  {eager.UserId} also asked twice by hand to execute {signals[0].SignalId}");
        var expected = signals.SelectMany(s => users.Where(u => u.RejectionReason(s) is null).Select(u => ExecutionKeys.Of(s.SignalId, u.UserId))).ToHashSet(StringComparer.Ordinal);
        var executions = await WaitForExecutionsAsync(expected);

        Console.WriteLine();
        DemoReport.PrintSignals(signals, users, executions);
        var duplicates = await CountOrdersAsync(ClientOrderIds.For(signals[0].SignalId, eager.UserId));
        Console.WriteLine($"\n{eager.UserId} tried {signals[0].SignalId} three times: {executions.Count(e => e.UserId == eager.UserId && e.SignalId == signals[0].SignalId)} record, {duplicates} order at the exchange.");
        var settled = expected.All(k => executions.Any(e => e.Key == k && e.Status != ExecutionStatus.Pending));
        return settled && duplicates == 1 ? 0 : 1;
    }

    private async Task OnboardAsync(IReadOnlyList<UserSettings> users)
    {
        var vault = new CredentialVault(options.MasterKey);
        for (var i = 0; i < users.Count; i++)
        {
            var settings = users[i];
            await writer.WriteAsync(_topics.UserSettings, settings.UserId, settings, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings);
            if (!settings.PaperTrading)
            {
                var (key, secret) = DemoUsers.BinanceKeysOf(i);
                var sealedCredentials = vault.Encrypt(settings.UserId, new ApiCredentials(key, secret));
                await writer.WriteAsync(_topics.UserCredentials, settings.UserId, sealedCredentials, ContractsJsonContext.Default.EncryptedCredentials, SchemaNames.UserCredentials);
            }
        }

        Console.WriteLine($"Onboarded {users.Count} users ({users.Count(u => !u.PaperTrading)} trading on \"Binance\" with their own encrypted keys, the rest on paper; {users.Count(u => !u.BotEnabled)} with the bot off)");
        // The router and the executor follow user-settings as tables; give them a moment to see the new users.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private IEnumerable<SignalDraft> Drafts()
    {
        SignalDraft Draft(string symbol, OrderSide side, decimal price, SignalStrength strength) => new()
        {
            SignalId = $"demo-{_run}-{symbol}",
            Source = "demo",
            Symbol = symbol,
            Market = MarketType.Futures,
            Side = side,
            EntryPrice = price,
            Strength = strength,
            Leverage = 10,
        };

        yield return Draft("BTCUSDT", OrderSide.Buy, 68000m, SignalStrength.VeryStrong);
        yield return Draft("ETHUSDT", OrderSide.Sell, 3500m, SignalStrength.Strong);
        yield return Draft("SOLUSDT", OrderSide.Buy, 150m, SignalStrength.Weak);
        yield return Draft("BNBUSDT", OrderSide.Buy, 600m, SignalStrength.Strong) with { Status = SignalStatus.Executed };
    }

    private async Task<List<SignalExecution>> WaitForExecutionsAsync(IReadOnlySet<string> expected)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        var executions = new List<SignalExecution>();
        while (DateTime.UtcNow < deadline)
        {
            executions = ReadExecutions();
            var settled = executions.Count(e => expected.Contains(e.Key) && e.Status != ExecutionStatus.Pending);
            Console.Write($"\r  waiting for executions: {settled}/{expected.Count} settled   ");
            if (settled >= expected.Count)
            {
                break;
            }

            await Task.Delay(500);
        }

        Console.WriteLine();
        return executions;
    }

    private List<SignalExecution> ReadExecutions()
    {
        var config = clients.ConsumerConfig("demo-reader-" + Guid.NewGuid().ToString("N"), "demo-reader");
        return TopicScanner.LatestByKey(config, _topics.SignalExecutions, TimeSpan.FromSeconds(30)).Values
            .Select(r => ContractJson.Deserialize(r.Message.Value!, ContractsJsonContext.Default.SignalExecution))
            .Where(e => e.SignalId.StartsWith($"demo-{_run}-", StringComparison.Ordinal))
            .ToList();
    }

    private async Task<int> CountOrdersAsync(string clientOrderId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.PaperUrl) };
        var orders = await http.GetFromJsonAsync<JsonElement>($"/admin/orders?clientOrderId={Uri.EscapeDataString(clientOrderId)}");
        return orders.GetArrayLength();
    }
}

using SignalStreams.Contracts;
using SignalStreams.PaperExchange;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Issue 12's finding: 40 users whose exchange hung shared a partition with 20 paper users, and most paper users
/// had not executed a minute later. Here the "Binance" base URLs point to an exchange that accepts connections and
/// never answers; every user of the test is on the SAME partition; the paper users must all execute while the hung
/// users' calls wait out their timeouts in their own endpoint's slots.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class HangingExchangeTests(KafkaClusterFixture kafka, RedisServerFixture redis)
{
    private const int HungUsers = 40;
    private const int PaperUsers = 20;

    [Fact]
    public async Task Paper_users_execute_while_many_users_of_a_hanging_exchange_wait_on_the_same_partition()
    {
        await using var hung = await PaperExchangeApp.StartAsync(ExecutionHarness.TestSymbolExchange());
        hung.Faults.Add(new FaultRule { Kind = FaultKind.Latency, DelayMs = 600_000 });
        await using var system = await BehaviourHarness.StartAsync(kafka, redis.Configuration, withRouter: false, executorSettings: new Dictionary<string, string?>
        {
            ["Exchange:Binance:SpotBaseUrl"] = hung.BaseUrl.ToString(),
            ["Exchange:Binance:FuturesBaseUrl"] = hung.BaseUrl.ToString(),
            ["Executor:Dispatcher:MaxInFlightPerEndpoint"] = "8",
        });
        var symbol = system.NewSymbol();
        var partitions = system.Topics.PartitionsOf(system.Topics.ExecutionCommands);
        var partition = Murmur2Partitioner.PartitionFor(TestData.NewUserId("probe"), partitions);
        var hungUsers = UsersOn(partition, partitions, "hung", symbol, paper: false, HungUsers);
        var paperUsers = UsersOn(partition, partitions, "paper", symbol, paper: true, PaperUsers);
        foreach (var user in hungUsers)
        {
            await system.Inputs.PutUserAsync(user);
            await system.Inputs.PutCredentialsAsync(user.UserId, ExecutionHarness.LiveCredentials);
        }

        foreach (var user in paperUsers)
        {
            await system.Inputs.PutUserAsync(user);
        }

        var signal = TestData.Signal(symbol);
        await system.Inputs.PublishSignalAsync(signal);

        // The hung users' commands first, as a fan-out in that order would put them.
        foreach (var user in hungUsers.Concat(paperUsers))
        {
            await system.Inputs.CommandAsync(signal, user.UserId);
        }

        await Eventually.UntilAsync(
            () => paperUsers.All(u => system.Outputs.ExecutionOf(signal.SignalId, u.UserId)?.Status == ExecutionStatus.Executed),
            $"all {PaperUsers} paper users executed while {HungUsers} users' exchange hangs",
            TimeSpan.FromSeconds(30));

        Assert.All(paperUsers, u => Assert.Single(system.Outputs.OrdersOf(signal.SignalId, u.UserId)));
        Assert.Empty(hung.Orders.All());
        Assert.All(hungUsers, u => Assert.NotEqual(ExecutionStatus.Executed, system.Outputs.ExecutionOf(signal.SignalId, u.UserId)?.Status));
    }

    private static List<UserSettings> UsersOn(int partition, int partitions, string stem, string symbol, bool paper, int count)
    {
        var users = new List<UserSettings>();
        while (users.Count < count)
        {
            var user = TestData.User(stem, symbol, paper: paper);
            if (Murmur2Partitioner.PartitionFor(user.UserId, partitions) == partition)
            {
                users.Add(user);
            }
        }

        return users;
    }
}

using Confluent.Kafka;
using SignalStreams.Contracts;
using SignalStreams.Kafka;
using SignalStreams.PaperExchange.Faults;
using SignalStreams.Testing;
using StackExchange.Redis;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The executor's own state is the authority (issue 12, point 4): losing every Redis key never permits a second
/// order, and a record produced to a partition that is not its userId's is executed once, by the owner, with its
/// records on the userId's partition. Counted at the paper exchange and on the topics.
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class StateAuthorityTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Redis_flushed_while_the_order_is_pending_and_again_after_it_executed_never_lets_a_manual_re_request_order_twice()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("flushed", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        var clientOrderId = ClientOrderIds.For(signal.SignalId, user.UserId);

        // The worst moment: the exchange has filled the order, its answer is held back, the record says pending.
        _system.Exchange.Faults.Add(new FaultRule { Kind = FaultKind.FillThenHang, Method = "POST", Path = "/fapi/v1/order", Symbol = symbol, Times = 1, DelayMs = 120_000 });
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);
        await Eventually.UntilAsync(
            () => _system.Exchange.Orders.WithClientOrderId(clientOrderId).Any(o => o.Status == "FILLED") && _system.Outputs.ExecutionOf(signal.SignalId, user.UserId)?.Status == ExecutionStatus.Pending,
            "the order filled while the record is pending");
        await FlushAllAsync();
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);

        var executed = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed, TimeSpan.FromSeconds(90));
        await FlushAllAsync();
        await _system.Inputs.RequestAsync(signal.SignalId, user.UserId);
        await Eventually.UntilAsync(() => _system.ExecutorLogs.Count($"Refused {signal.SignalId} for {user.UserId} (Manual)") >= 1, "a re-request after the second flush is refused");

        var order = Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.Equal(order.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), executed.OrderId);
        var versions = _system.Outputs.VersionsOf(signal.SignalId, user.UserId);
        Assert.Single(versions, v => v.Status == ExecutionStatus.Executed);
        Assert.DoesNotContain(versions, v => v.Status == ExecutionStatus.Failed);
    }

    [Fact]
    public async Task A_manual_request_produced_to_another_partition_than_its_users_is_executed_once_with_its_records_on_the_users_partition()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("misplaced", symbol) with { BotEnabled = false };
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);
        await _system.Inputs.PublishSignalAsync(signal);
        var partitions = _system.Topics.PartitionsOf(_system.Topics.ExecutionRequests);
        var owner = Murmur2Partitioner.PartitionFor(user.UserId, partitions);
        var rerouted = await _system.ExecutorMetricAsync("signal_streams_executor_rerouted_total");

        // As a client with another partitioner (kcat's default consistent_random) would place it: twice, on two wrong
        // partitions, the second once the first has executed (one that finds the first still being claimed is retried
        // later, and on a loaded machine its refusal came after this test's 60 s wait).
        await ProduceRequestAsync(signal.SignalId, user.UserId, (owner + 1) % partitions);
        await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        await ProduceRequestAsync(signal.SignalId, user.UserId, (owner + 5) % partitions);
        await Eventually.UntilAsync(() => _system.ExecutorLogs.Count($"Refused {signal.SignalId} for {user.UserId} (Manual)") >= 1, "the second request is refused by the owner");

        Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        var records = TopicReader.ReadAll(_system.Bootstrap, _system.Topics.SignalExecutions).Where(r => r.Key == ExecutionKeys.Of(signal.SignalId, user.UserId)).ToList();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(Murmur2Partitioner.PartitionFor(user.UserId, _system.Topics.PartitionsOf(_system.Topics.SignalExecutions)), r.Partition));
        Assert.Single(records, r => r.As(ContractsJsonContext.Default.SignalExecution).Status == ExecutionStatus.Executed);
        var positions = TopicReader.ReadAll(_system.Bootstrap, _system.Topics.Positions).Where(r => r.Key?.StartsWith(user.UserId + ":", StringComparison.Ordinal) == true).ToList();
        Assert.All(positions, r => Assert.Equal(Murmur2Partitioner.PartitionFor(user.UserId, _system.Topics.PartitionsOf(_system.Topics.Positions)), r.Partition));
        Assert.True(await _system.ExecutorMetricAsync("signal_streams_executor_rerouted_total") >= rerouted + 2);
    }

    private Task ProduceRequestAsync(string signalId, string userId, int partition) =>
        _system.Writer.Producer.ProduceAsync(
            new TopicPartition(_system.Topics.ExecutionRequests, partition),
            new Message<string, byte[]>
            {
                Key = userId,
                Value = ContractJson.Serialize(new ExecutionRequest { SignalId = signalId, UserId = userId, RequestedAt = DateTimeOffset.UtcNow }, ContractsJsonContext.Default.ExecutionRequest),
                Headers = RecordHeaders.WithSchema(SchemaNames.ExecutionRequest),
            });

    private async Task FlushAllAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        foreach (var server in admin.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }
}

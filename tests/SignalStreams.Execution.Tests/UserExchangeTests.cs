using System.Security.Cryptography;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// Users trading for real: their sealed credentials on <c>user-credentials</c> sign the orders sent to the "Binance"
/// base URLs (here the paper exchange, which knows the key pair as an account of its own).
/// </summary>
[Collection(ExecutionCollection.Name)]
public sealed class UserExchangeTests(KafkaClusterFixture kafka, RedisServerFixture redis, ExecutionSystemFixture fixture) : IClassFixture<ExecutionSystemFixture>, IAsyncLifetime
{
    private ExecutionHarness _system = null!;

    public async Task InitializeAsync() => _system = await fixture.StartAsync(kafka, redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_live_user_is_executed_with_their_own_decrypted_key_pair_and_the_keys_appear_nowhere()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("live", symbol, paper: false);
        await _system.Inputs.PutCredentialsAsync(user.UserId, ExecutionHarness.LiveCredentials);
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);

        await _system.Inputs.PublishSignalAsync(signal);

        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Executed);
        var order = Assert.Single(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
        Assert.Equal(ExecutionHarness.LiveCredentials.KeyHint, order.ApiKeyHint);
        Assert.Equal(2.000m, record.Quantity);

        var secrets = new[] { ExecutionHarness.LiveCredentials.ApiKey, ExecutionHarness.LiveCredentials.ApiSecret, _system.MasterKey };
        var published = TopicReader.ReadAll(_system.Bootstrap, _system.Topics.SignalExecutions)
            .Concat(TopicReader.ReadAll(_system.Bootstrap, _system.Topics.Positions))
            .Concat(TopicReader.ReadAll(_system.Bootstrap, _system.Topics.UserCredentials))
            .Select(r => r.Text ?? "");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_system.ExecutorLogs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(published, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_live_user_without_credentials_gets_a_failed_record_saying_so_and_no_order()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("nokeys", symbol, paper: false);
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);

        await _system.Inputs.PublishSignalAsync(signal);

        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Failed);
        Assert.Equal("No exchange credentials are stored for this user.", record.FailureReason);
        Assert.NotNull(record.FailedAt);
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    [Fact]
    public async Task Credentials_sealed_under_another_master_key_fail_the_execution_with_a_reason_and_no_order()
    {
        var symbol = _system.NewSymbol();
        var user = TestData.User("wrongkey", symbol, paper: false);
        var foreign = new CredentialVault(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Encrypt(user.UserId, ExecutionHarness.LiveCredentials);
        await _system.Writer.WriteAsync(_system.Topics.UserCredentials, user.UserId, foreign, ContractsJsonContext.Default.EncryptedCredentials, SchemaNames.UserCredentials);
        await Eventually.UntilAsync(() => CredentialsTableHas(user.UserId), "the executor's credentials table has the user's record");
        await _system.Inputs.PutUserAsync(user);
        var signal = TestData.Signal(symbol);

        await _system.Inputs.PublishSignalAsync(signal);

        var record = await _system.Outputs.UntilExecutionAsync(signal.SignalId, user.UserId, ExecutionStatus.Failed);
        Assert.Contains("could not be decrypted", record.FailureReason, StringComparison.Ordinal);
        Assert.Empty(_system.Outputs.OrdersOf(signal.SignalId, user.UserId));
    }

    private bool CredentialsTableHas(string userId) => new ExecutorTable<EncryptedCredentials>(_system.Executor).TryGet(userId, out _);
}

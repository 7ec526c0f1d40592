using System.Text;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Kafka;
using SignalStreams.Streamiz;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Harness;

/// <summary>
/// Writes the executor's and router's inputs as other services would (contract JSON, schema header, murmur2), and
/// for the compacted inputs waits until the services' tables hold the new value, so a test never races its own setup.
/// </summary>
public sealed class TestInputs(ExecutionHarness system)
{
    public async Task PutUserAsync(UserSettings user)
    {
        await system.Writer.WriteAsync(system.Topics.UserSettings, user.UserId, user, ContractsJsonContext.Default.UserSettings, SchemaNames.UserSettings);
        await UntilTableHoldsAsync(system.Executor, user.UserId, user, ContractsJsonContext.Default.UserSettings);
        if (system.Router is { } router)
        {
            await UntilTableHoldsAsync(router, user.UserId, user, ContractsJsonContext.Default.UserSettings);
        }
    }

    /// <summary>Seals the key pair with the executor's master key (userId as associated data), as signal-api does.</summary>
    public async Task PutCredentialsAsync(string userId, ApiCredentials credentials)
    {
        var sealedCredentials = new CredentialVault(system.MasterKey).Encrypt(userId, credentials);
        await system.Writer.WriteAsync(system.Topics.UserCredentials, userId, sealedCredentials, ContractsJsonContext.Default.EncryptedCredentials, SchemaNames.UserCredentials);
        await UntilTableHoldsAsync(system.Executor, userId, sealedCredentials, ContractsJsonContext.Default.EncryptedCredentials);
    }

    /// <summary>Publishes (or republishes) a signal on <c>signals</c>, where the router fans it out, and waits until the executor knows this version.</summary>
    public async Task PublishSignalAsync(Signal signal)
    {
        await system.Writer.WriteAsync(system.Topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal);
        // An ACTIVE signal already past expiresAt is published again as EXPIRED by the router's timer (every 500 ms),
        // which can replace it in the table before this wait looks: either version means the table has it.
        Signal[] accepted = signal.Status == SignalStatus.Active && signal.ExpiresAt <= DateTimeOffset.UtcNow
            ? [signal, signal with { Status = SignalStatus.Expired }]
            : [signal];
        await UntilTableHoldsAsync(system.Executor, signal.SignalId, accepted, ContractsJsonContext.Default.Signal);
    }

    /// <summary>A user's manual "execute this signal" on <c>execution-requests</c>.</summary>
    public Task RequestAsync(string signalId, string userId, string? key = null) =>
        system.Writer.WriteAsync(
            system.Topics.ExecutionRequests,
            key ?? userId,
            new ExecutionRequest { SignalId = signalId, UserId = userId, RequestedAt = DateTimeOffset.UtcNow },
            ContractsJsonContext.Default.ExecutionRequest,
            SchemaNames.ExecutionRequest);

    /// <summary>A fan-out command as the router writes it, carrying <paramref name="snapshot"/> as the router saw the signal.</summary>
    public Task CommandAsync(Signal snapshot, string userId, string? key = null) =>
        system.Writer.WriteAsync(
            system.Topics.ExecutionCommands,
            key ?? userId,
            new ExecutionCommand { SignalId = snapshot.SignalId, UserId = userId, Signal = snapshot, Trigger = ExecutionTrigger.Fanout, IssuedAt = DateTimeOffset.UtcNow },
            ContractsJsonContext.Default.ExecutionCommand,
            SchemaNames.ExecutionCommand);

    /// <summary>Raw bytes, for records that are not valid contract JSON.</summary>
    public Task RawAsync(string topic, string key, string text, string schema) =>
        system.Writer.Producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(text), Headers = RecordHeaders.WithSchema(schema) });

    private static Task UntilTableHoldsAsync<T>(ServiceHost host, string key, T value, JsonTypeInfo<T> typeInfo)
        where T : class =>
        UntilTableHoldsAsync(host, key, [value], typeInfo);

    /// <summary>Waits until the service's table holds one of <paramref name="values"/> for <paramref name="key"/>.</summary>
    private static Task UntilTableHoldsAsync<T>(ServiceHost host, string key, T[] values, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var expected = values.Select(v => ContractJson.Serialize(v, typeInfo)).ToList();
        // Both services run on Streamiz: the global table, queried through the running stream.
        var contractTable = host.Services.GetRequiredService<ContractTable<T>>();
        var streams = host.Services.GetRequiredService<StreamsHost>();
        Func<T?> read = () => contractTable.Query(streams, key);

        return Eventually.UntilAsync(
            () => read() is { } row && ContractJson.Serialize(row, typeInfo) is var bytes && expected.Any(e => bytes.AsSpan().SequenceEqual(e)),
            $"the {typeof(T).Name} table of {host.App.Environment.ApplicationName} holds the new value of {key}");
    }
}

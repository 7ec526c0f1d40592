using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Sdk;

/// <summary>
/// Publishes trading signals to the compacted <c>signals</c> topic, keyed by signalId, with the <c>signal.v1</c>
/// schema header. Every signal is validated before it is sent; the producer is idempotent with <c>acks=all</c> and
/// the Java-compatible partitioner, so any consumer in any language finds it on the same partition.
/// </summary>
/// <remarks>Thread-safe; register one instance per process with <c>services.AddSignalPublisher()</c>.</remarks>
public sealed class SignalPublisher
{
    private readonly ContractRecordWriter _writer;
    private readonly TopicNames _topics;
    private readonly TimeProvider _time;
    private readonly ILogger<SignalPublisher> _logger;
    private readonly SignalLookup _lookup;
    private readonly RecentSignals _recent = new(capacity: 10_000);

    public SignalPublisher(ContractRecordWriter writer, TopicNames topics, KafkaClientFactory clients, TimeProvider time, ILogger<SignalPublisher> logger)
    {
        _writer = writer;
        _topics = topics;
        _time = time;
        _logger = logger;
        _lookup = new SignalLookup(clients, topics);
    }

    /// <summary>
    /// Fills the defaults (status ACTIVE, createdAt = now, expiresAt = createdAt + 5 minutes), validates and
    /// publishes. Republishing the same signalId with the same content changes nothing for consumers.
    /// </summary>
    /// <exception cref="SignalValidationException">The signal is invalid; <see cref="SignalValidationException.Problems"/> lists every problem.</exception>
    public Task<PublishResult> PublishAsync(SignalDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var result = draft.ToSignal(_time.GetUtcNow());
        return result.IsValid
            ? SendAsync(result.Value!, cancellationToken)
            : throw new SignalValidationException(draft.SignalId, result.Problems);
    }

    /// <summary>Validates and publishes a complete signal as it is.</summary>
    /// <exception cref="SignalValidationException">The signal is invalid.</exception>
    public Task<PublishResult> PublishAsync(Signal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var result = SignalValidator.Validate(signal);
        return result.IsValid ? SendAsync(signal, cancellationToken) : throw new SignalValidationException(signal.SignalId, result.Problems);
    }

    /// <summary>
    /// Sets the signal's status to CANCELLED so that no user executes it any more. The latest version is taken from
    /// what this publisher sent recently, else read from the signal's partition of <c>signals</c>.
    /// A signal that is already CANCELLED or EXPIRED is returned as it is, without a new record.
    /// </summary>
    /// <exception cref="SignalNotFoundException">No signal with this id exists on the topic.</exception>
    public async Task<PublishResult> CancelAsync(string signalId, CancellationToken cancellationToken = default)
    {
        var current = _recent.Get(signalId) ?? await _lookup.FindLatestAsync(signalId, cancellationToken)
            ?? throw new SignalNotFoundException(signalId);
        return await CancelAsync(current, cancellationToken);
    }

    /// <summary>Cancels a signal whose latest version the caller already holds.</summary>
    public async Task<PublishResult> CancelAsync(Signal current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (Finished(current) is { } finished)
        {
            return new PublishResult(finished, Partition: -1, Offset: -1, Published: false);
        }

        return await SendAsync(current with { Status = SignalStatus.Cancelled }, cancellationToken);
    }

    /// <summary>
    /// Marks a signal CLOSED: the source has exited. No user opens it any more, and every follower position opened
    /// from it is closed at market by the executor. Closing a CLOSED signal again publishes nothing; a CANCELLED or
    /// EXPIRED signal can still be closed (its followers' positions may be open).
    /// </summary>
    public async Task<PublishResult> CloseAsync(string signalId, CancellationToken cancellationToken = default)
    {
        var current = _recent.Get(signalId) ?? await _lookup.FindLatestAsync(signalId, cancellationToken)
            ?? throw new SignalNotFoundException(signalId);
        return await CloseAsync(current, cancellationToken);
    }

    /// <summary>Closes a signal whose latest version the caller already holds.</summary>
    public async Task<PublishResult> CloseAsync(Signal current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (Closed(current) is { } closed)
        {
            return new PublishResult(closed, Partition: -1, Offset: -1, Published: false);
        }

        return await SendAsync(current with { Status = SignalStatus.Closed }, cancellationToken);
    }

    /// <summary>
    /// The caller's copy, or this publisher's own later send of the signal, when either is already CANCELLED, CLOSED
    /// or EXPIRED (a caller's copy from a view may lag this publisher's own sends by a moment: a second cancel or close
    /// right after the first must not publish again).
    /// </summary>
    private Signal? Finished(Signal current) =>
        current.Status is SignalStatus.Cancelled or SignalStatus.Closed or SignalStatus.Expired ? current
        : _recent.Get(current.SignalId) is { Status: SignalStatus.Cancelled or SignalStatus.Closed or SignalStatus.Expired } recent ? recent
        : null;

    /// <summary>The caller's copy or this publisher's own later send, when either is already CLOSED (CLOSED is terminal).</summary>
    private Signal? Closed(Signal current) =>
        current.Status is SignalStatus.Closed ? current
        : _recent.Get(current.SignalId) is { Status: SignalStatus.Closed } recent ? recent
        : null;

    private async Task<PublishResult> SendAsync(Signal signal, CancellationToken cancellationToken)
    {
        try
        {
            var delivery = await _writer.WriteAsync(_topics.Signals, signal.SignalId, signal, ContractsJsonContext.Default.Signal, SchemaNames.Signal, cancellationToken);
            _recent.Put(signal);
            _logger.LogDebug("Published {SignalId} ({Status}) to {Topic}[{Partition}]@{Offset}", signal.SignalId, signal.Status, delivery.Topic, delivery.Partition.Value, delivery.Offset.Value);
            return new PublishResult(signal, delivery.Partition.Value, delivery.Offset.Value, Published: true);
        }
        catch (ProduceException<string, byte[]> e)
        {
            throw new SignalPublishException(signal.SignalId, e.Error.Reason, e);
        }
    }
}

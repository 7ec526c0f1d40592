using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Streams;

namespace SignalStreams.SignalExecutor;

/// <summary>
/// Settles a <c>pending</c> record at the exchange: looks the order up by clientOrderId first when an earlier attempt
/// may exist, else plans (sizing, rounding, filters) and places one MARKET order; then writes <c>executed</c> (and
/// the OPEN position) or <c>failed</c>. An outcome it cannot know defers the record, which stays pending and is
/// looked up again: never two orders for one (signal, user).
/// </summary>
public sealed class ExecutionRunner(UserExchangeResolver exchanges, ExecutionClaims claims, ExecutorMetrics metrics, TopicNames topics, ILogger<ExecutionRunner> logger)
{
    public async Task SettleAsync(SignalExecution pending, Signal signal, UserSettings settings, bool lookupFirst, ProcessorContext context, CancellationToken cancellationToken)
    {
        var choice = exchanges.Resolve(settings);
        if (choice.Client is not { } client)
        {
            await FinishAsync(ExecutionRecords.Failed(pending, choice.FailureReason!, null, context.Time.GetUtcNow()), signal, context);
            return;
        }

        if (lookupFirst && await SettledByLookupAsync(client, pending, signal, context, cancellationToken))
        {
            return;
        }

        var now = context.Time.GetUtcNow();
        if (!signal.IsExecutableAt(now))
        {
            await FinishAsync(ExecutionRecords.Failed(pending, "The signal expired or was cancelled before the order could be placed.", null, now), signal, context);
            return;
        }

        var plan = await PlanAsync(client, signal, settings, pending, cancellationToken);
        if (plan.Order is not { } order)
        {
            await FinishAsync(ExecutionRecords.Failed(pending, plan.RefusalReason!, plan.RefusalCode, context.Time.GetUtcNow()), signal, context);
            return;
        }

        var outcome = await client.PlaceMarketOrderAsync(order, cancellationToken);
        now = context.Time.GetUtcNow();
        switch (outcome)
        {
            case OrderOutcome.Placed { ExecutedQuantity: <= 0 } accepted:
                throw NotFilledYet(accepted, pending);
            case OrderOutcome.Placed placed:
                await FinishAsync(ExecutionRecords.Executed(pending, signal, placed, order.Leverage, now), signal, context);
                break;
            case OrderOutcome.NotPlaced { RetryAfter: { } wait } limited when signal.ExpiresAt > now + wait:
                throw new ExecutionDeferredException($"The exchange asked to wait {wait.TotalSeconds:0} s: {limited.Reason}");
            case OrderOutcome.NotPlaced refused:
                await FinishAsync(ExecutionRecords.Failed(pending, refused.Reason, Details(refused), now), signal, context);
                break;
            case OrderOutcome.Unknown unknown:
                throw new ExecutionDeferredException($"The outcome of order {pending.ClientOrderId} is unknown ({unknown.Reason}); it will be looked up before any new attempt.");
        }
    }

    /// <summary>
    /// Settles a pending record whose user no longer exists: the order is looked up and recorded as executed if it
    /// exists; it is never placed. Failed only once the exchange says there is no such order.
    /// </summary>
    public async Task SettleWithoutUserAsync(SignalExecution pending, Signal signal, UserSettings standIn, ProcessorContext context, CancellationToken cancellationToken)
    {
        const string Gone = "The user no longer exists";
        if (exchanges.Resolve(standIn).Client is not { } client)
        {
            await FinishAsync(ExecutionRecords.Failed(pending, Gone + " and no exchange is known to look the order up on.", null, context.Time.GetUtcNow()), signal, context);
            return;
        }

        if (await SettledByLookupAsync(client, pending, signal, context, cancellationToken))
        {
            return;
        }

        await FinishAsync(ExecutionRecords.Failed(pending, Gone + "; no order was placed for this attempt.", null, context.Time.GetUtcNow()), signal, context);
    }

    /// <summary>
    /// Looks the attempt's order up by clientOrderId: found and filled → recorded executed (true); not found → false,
    /// the caller decides; accepted but not filled yet, or not knowable now → deferred, the record stays pending.
    /// </summary>
    private async Task<bool> SettledByLookupAsync(IExchangeClient client, SignalExecution pending, Signal signal, ProcessorContext context, CancellationToken cancellationToken)
    {
        switch (await client.LookupOrderAsync(signal.Market, signal.Symbol, pending.ClientOrderId, cancellationToken))
        {
            case OrderOutcome.Placed { ExecutedQuantity: <= 0 } accepted:
                throw NotFilledYet(accepted, pending);
            case OrderOutcome.Placed placed:
                metrics.Reconciled("found");
                await FinishAsync(ExecutionRecords.Executed(pending, signal, placed, pending.Leverage, context.Time.GetUtcNow()), signal, context);
                return true;
            case OrderOutcome.Unknown unknown:
                throw new ExecutionDeferredException($"Could not find out whether order {pending.ClientOrderId} exists: {unknown.Reason}");
            default:
                metrics.Reconciled("not_found");
                return false;
        }
    }

    private static async Task<Exchange.Planning.OrderPlan> PlanAsync(IExchangeClient client, Signal signal, UserSettings settings, SignalExecution pending, CancellationToken cancellationToken)
    {
        try
        {
            return await client.PlanMarketOrderAsync(signal, settings, pending.ClientOrderId, cancellationToken);
        }
        catch (BinanceApiException e)
        {
            // Nothing was sent: retried (with a lookup first, harmlessly) while the signal is still executable.
            throw new ExecutionDeferredException($"The exchange could not be read before ordering: {e.Message}", e);
        }
    }

    private async Task FinishAsync(SignalExecution record, Signal signal, ProcessorContext context)
    {
        if (record.Status == ExecutionStatus.Executed)
        {
            // The position must be durable before the record that makes every later attempt a refused duplicate:
            // a crash in between leaves the record pending, whose settlement finds the order and sends the
            // (same-keyed) position again.
            var position = ExecutionRecords.PositionOf(record, signal);
            var partition = new Confluent.Kafka.TopicPartition(topics.Positions, Murmur2Partitioner.PartitionFor(record.UserId, topics.PartitionsOf(topics.Positions)));
            context.Send(partition, position.Key, position, ContractsJsonContext.Default.Position, SchemaNames.Position);
            await context.FlushAsync();
        }

        context.Store<SignalExecution>(ExecutionProcessor.StoreName).Put(record.Key, record);
        await context.FlushAsync();
        await claims.CompleteAsync(record.SignalId, record.UserId, record.Status == ExecutionStatus.Executed ? "executed" : "failed");
        if (record.Status == ExecutionStatus.Executed)
        {
            metrics.Recorded("executed");
            metrics.Executed(record.SignalId, record.Latency ?? 0);
            logger.LogInformation(
                "Executed {SignalId} for {UserId}: {Side} {Quantity} {Symbol} at {Price} (slippage {Slippage}%, {Latency} ms after the signal), order {OrderId}",
                record.SignalId, record.UserId, signal.Side, record.Quantity, signal.Symbol, record.ActualEntryPrice, record.Slippage, record.Latency, record.OrderId);
        }
        else
        {
            metrics.Recorded("failed");
            logger.LogWarning("Execution of {SignalId} for {UserId} failed: {Reason} {Details}", record.SignalId, record.UserId, record.FailureReason, record.ErrorDetails);
        }
    }

    /// <summary>
    /// Accepted (NEW) but nothing executed yet, e.g. found by a lookup while the fill was still on its way: recording it
    /// now would write an executed record and a position with quantity 0 and price 0. It stays pending and is looked up
    /// again for the fill.
    /// </summary>
    private static ExecutionDeferredException NotFilledYet(OrderOutcome.Placed accepted, SignalExecution pending) =>
        new($"Order {accepted.OrderId} ({pending.ClientOrderId}) is {accepted.Status} with nothing filled yet; it will be looked up again for the fill.");

    private static string? Details(OrderOutcome.NotPlaced refused) =>
        refused.Code is null ? refused.Msg : string.Create(CultureInfo.InvariantCulture, $"code {refused.Code}: {refused.Msg}");
}

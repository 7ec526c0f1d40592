using System.Globalization;
using SignalStreams.Exchange;
using SignalStreams.Exchange.Binance;
using SignalStreams.Redis;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor.Dispatch;

/// <summary>
/// The body of one exchange call, off the stream thread: the Redis claim (a fast path and a fence between instances
/// during a rebalance), then a lookup by clientOrderId when one is asked for or when Redis cannot vouch that no earlier
/// attempt exists, then (for a place call) the plan and the one MARKET order. Translates every outcome into a
/// <see cref="CallResult"/> and never throws: whatever it cannot know is <see cref="CallResult.Unknown"/>.
/// Redis's <c>First</c> only skips the lookup of a call the machine issued without one (its store had no record
/// before); a call the machine marked lookup-first is always looked up, whatever Redis says.
/// </summary>
public sealed class ExchangeCallRunner(IUserExchanges exchanges, IExecutionClaims claims, ILogger<ExchangeCallRunner> logger)
{
    private readonly PositionCallRunner _positions = new(exchanges, logger);

    public async Task<CallResult> RunAsync(ExchangeCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await RunUnguardedAsync(call, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new CallResult.Unknown("The call was cancelled or ran out of time before the exchange answered.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Exchange call {Kind} for {SignalId} of {UserId} failed unexpectedly", call.Kind, call.SignalId, call.UserId);
            return new CallResult.Unknown($"The call failed unexpectedly ({e.GetType().Name}).");
        }
    }

    private async Task<CallResult> RunUnguardedAsync(ExchangeCall call, CancellationToken cancellationToken)
    {
        if (call.Kind == ExchangeCallKind.Confirm)
        {
            // The dispatcher ran it only after what was sent before it became durable.
            return new CallResult.Confirmed();
        }

        if (call.Kind is ExchangeCallKind.Protect or ExchangeCallKind.Close or ExchangeCallKind.Check)
        {
            // The pair's claim is done (the entry executed); these calls are deduplicated by their deterministic ids,
            // the lookups before every placement and the close's confirmation window, not by Redis.
            return await _positions.RunAsync(call, cancellationToken);
        }

        if (call.Kind == ExchangeCallKind.Claim)
        {
            var taken = await claims.TryClaimAsync(call.SignalId, call.UserId);
            return new CallResult.Claimed(taken.Status, taken.DoneStatus);
        }

        // The claim is the fence between instances: taken at the start of every call (and again right before the
        // order if planning took long), so an instance that lost the partition cannot send an order while the new
        // owner holds the lease.
        var claim = await claims.TryClaimAsync(call.SignalId, call.UserId);
        if (claim.Status == ClaimStatus.Held)
        {
            return new CallResult.Unknown($"Another executor instance is executing {call.Key} right now.");
        }

        var choice = exchanges.Resolve(call.Venue, call.UserId, call.Credentials);
        if (choice.Client is not { } client)
        {
            // A pending record is never failed for want of a client: the order may exist. It is looked up later.
            return new CallResult.Unknown($"No exchange client for the user now: {choice.FailureReason}");
        }

        // Our own First claim still live (a re-claim answers Again) means nobody else can have ordered; any other
        // answer (Again after a lapse, Done, Unavailable) means an earlier attempt may have placed the order.
        var ownLiveClaim = claim.Status == ClaimStatus.Again && call.ClaimTakenAt is { } takenAt && DateTimeOffset.UtcNow - takenAt < claims.Lease * 0.8;
        var lookUp = call.Kind == ExchangeCallKind.Lookup || call.LookupFirst || (claim.Status != ClaimStatus.First && !ownLiveClaim);
        if (lookUp)
        {
            var found = ReadLookup(await client.LookupOrderAsync(call.Market, call.Symbol, call.ClientOrderId, cancellationToken));
            if (found is not CallResult.NotFound)
            {
                return found;
            }

            if (claim.Status == ClaimStatus.Done)
            {
                return new CallResult.SettledElsewhere(claim.DoneStatus ?? "unknown");
            }

            if (call.Kind == ExchangeCallKind.Lookup)
            {
                return found;
            }
        }

        return await PlaceAsync(client, call, claim.Status, cancellationToken);
    }

    private async Task<CallResult> PlaceAsync(IExchangeClient client, ExchangeCall call, ClaimStatus claimed, CancellationToken cancellationToken)
    {
        var claimedAt = DateTimeOffset.UtcNow;
        Exchange.Planning.OrderPlan plan;
        try
        {
            plan = await client.PlanMarketOrderAsync(call.Signal, call.Settings!, call.ClientOrderId, cancellationToken);
        }
        catch (BinanceApiException e)
        {
            // Nothing was sent; the machine looks up (harmlessly) and places again while the signal is executable.
            return new CallResult.Unknown($"The exchange could not be read before ordering: {e.Message}", e.RetryAfter);
        }

        if (plan.Order is not { } order)
        {
            return new CallResult.Rejected(plan.RefusalReason!, plan.RefusalCode);
        }

        if (claimed != ClaimStatus.Unavailable && DateTimeOffset.UtcNow - claimedAt > claims.Lease * 0.5)
        {
            // Planning took long enough for the lease to be at risk: renew it, and send nothing if it lapsed meanwhile.
            var renewed = await claims.TryClaimAsync(call.SignalId, call.UserId);
            if (renewed.Status is ClaimStatus.Held or ClaimStatus.Done || (renewed.Status == ClaimStatus.Again && DateTimeOffset.UtcNow - claimedAt >= claims.Lease))
            {
                return new CallResult.Unknown($"The claim of {call.Key} may have lapsed while the order was planned; it is looked up before any order.");
            }
        }

        return await client.PlaceMarketOrderAsync(order, cancellationToken) switch
        {
            OrderOutcome.Placed { ExecutedQuantity: > 0 } placed => new CallResult.Filled(placed),
            OrderOutcome.Placed accepted => new CallResult.Unknown($"Order {accepted.OrderId} is {accepted.Status} with nothing filled yet."),
            OrderOutcome.NotPlaced { RetryAfter: { } wait } limited => new CallResult.Unknown(limited.Reason, wait),
            OrderOutcome.NotPlaced { Code: -2013 } notFound => new CallResult.NotFound(notFound.Reason),
            OrderOutcome.NotPlaced refused => new CallResult.Rejected(refused.Reason, Details(refused)),
            OrderOutcome.Unknown unknown => new CallResult.Unknown(unknown.Reason),
            _ => new CallResult.Unknown("The exchange's answer was not understood."),
        };
    }

    private static CallResult ReadLookup(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.Placed { ExecutedQuantity: > 0 } placed => new CallResult.Filled(placed with { FoundByLookup = true }),
        OrderOutcome.Placed accepted => new CallResult.Unknown($"Order {accepted.OrderId} is {accepted.Status} with nothing filled yet."),
        OrderOutcome.NotPlaced { Code: -2013 } notFound => new CallResult.NotFound(notFound.Reason),
        OrderOutcome.NotPlaced { RetryAfter: { } wait } limited => new CallResult.Unknown(limited.Reason, wait),
        OrderOutcome.NotPlaced ended => new CallResult.Rejected(ended.Reason, Details(ended)),
        OrderOutcome.Unknown unknown => new CallResult.Unknown(unknown.Reason),
        _ => new CallResult.Unknown("The exchange's answer was not understood."),
    };

    private static string? Details(OrderOutcome.NotPlaced refused) =>
        refused.Code is null ? refused.Msg : string.Create(CultureInfo.InvariantCulture, $"code {refused.Code}: {refused.Msg}");
}

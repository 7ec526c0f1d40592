using Microsoft.Extensions.Logging.Abstractions;
using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.Redis;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.ExchangeDispatcherTests;

namespace SignalStreams.Executor.UnitTests;

public sealed class ExchangeCallRunnerTests
{
    private readonly FakeExchange _exchange = new();
    private readonly FakeClaims _claims = new();

    [Fact]
    public async Task A_first_claim_on_a_new_pending_record_places_without_a_lookup()
    {
        var result = await Runner().RunAsync(CallOf("s1", "u-1"), CancellationToken.None);

        Assert.IsType<CallResult.Filled>(result);
        Assert.Equal((1, 0), (_exchange.Placed, _exchange.Lookups));
    }

    [Theory]
    [InlineData(ClaimStatus.Again)]
    [InlineData(ClaimStatus.Unavailable)]
    [InlineData(ClaimStatus.Done)]
    public async Task Any_claim_but_first_looks_the_order_up_and_never_places_one_that_exists(ClaimStatus claim)
    {
        _claims.Answer = claim == ClaimStatus.Done ? ClaimResult.Done("executed") : new ClaimResult(claim);
        var call = CallOf("s1", "u-1");
        _exchange.Holds(call.ClientOrderId);

        var result = await Runner().RunAsync(call, CancellationToken.None);

        Assert.True(Assert.IsType<CallResult.Filled>(result).Order.FoundByLookup);
        Assert.Equal((0, 1), (_exchange.Placed, _exchange.Lookups));
    }

    [Fact]
    public async Task Redis_answering_first_after_losing_its_data_does_not_skip_the_lookup_the_store_asks_for()
    {
        _claims.Answer = ClaimResult.First; // FLUSHALL: Redis remembers nothing
        var call = CallOf("s1", "u-1") with { LookupFirst = true };
        _exchange.Holds(call.ClientOrderId);

        var result = await Runner().RunAsync(call, CancellationToken.None);

        Assert.IsType<CallResult.Filled>(result);
        Assert.Equal(0, _exchange.Placed);
    }

    [Fact]
    public async Task A_place_right_after_this_instances_first_claim_re_takes_it_as_the_fence_and_skips_the_lookup()
    {
        _claims.Answer = ClaimResult.Again; // the same owner's re-claim
        var call = CallOf("s1", "u-1") with { ClaimTakenAt = DateTimeOffset.UtcNow };

        Assert.IsType<CallResult.Filled>(await Runner().RunAsync(call, CancellationToken.None));
        Assert.Equal((1, 0), (_exchange.Placed, _exchange.Lookups));
    }

    [Fact]
    public async Task A_place_whose_first_claim_may_have_lapsed_looks_the_order_up_first()
    {
        _claims.Answer = ClaimResult.Again;
        var call = CallOf("s1", "u-1") with { ClaimTakenAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5) };
        _exchange.Holds(call.ClientOrderId); // placed by the instance that held the partition meanwhile

        Assert.IsType<CallResult.Filled>(await Runner().RunAsync(call, CancellationToken.None));
        Assert.Equal((0, 1), (_exchange.Placed, _exchange.Lookups));
    }

    [Fact]
    public async Task A_claim_held_by_another_instance_calls_nothing()
    {
        _claims.Answer = ClaimResult.Held;

        var result = await Runner().RunAsync(CallOf("s1", "u-1"), CancellationToken.None);

        Assert.IsType<CallResult.Unknown>(result);
        Assert.Equal((0, 0), (_exchange.Placed, _exchange.Lookups));
    }

    [Fact]
    public async Task A_pair_done_elsewhere_whose_order_is_not_found_is_reported_with_the_other_instances_status()
    {
        _claims.Answer = ClaimResult.Done("failed");

        var result = await Runner().RunAsync(CallOf("s1", "u-1"), CancellationToken.None);

        Assert.Equal(new CallResult.SettledElsewhere("failed"), result);
        Assert.Equal(0, _exchange.Placed);
    }

    [Fact]
    public async Task A_lookup_call_never_places()
    {
        var result = await Runner().RunAsync(CallOf("s1", "u-1", kind: ExchangeCallKind.Lookup), CancellationToken.None);

        Assert.IsType<CallResult.NotFound>(result);
        Assert.Equal((0, 1), (_exchange.Placed, _exchange.Lookups));
    }

    [Fact]
    public async Task A_lookup_that_cannot_ask_the_exchange_is_unknown_and_places_nothing()
    {
        _claims.Answer = ClaimResult.Again;
        _exchange.Answering = false;

        var result = await Runner().RunAsync(CallOf("s1", "u-1"), CancellationToken.None);

        Assert.IsType<CallResult.Unknown>(result);
        Assert.Equal(0, _exchange.Placed);
    }

    [Theory]
    [InlineData("unknown", typeof(CallResult.Unknown))]
    [InlineData("not-found-after-lookups", typeof(CallResult.NotFound))]
    [InlineData("refused", typeof(CallResult.Rejected))]
    [InlineData("rate-limited", typeof(CallResult.Unknown))]
    [InlineData("accepted-not-filled", typeof(CallResult.Unknown))]
    public async Task The_orders_answer_becomes_the_machines_result(string answer, Type expected)
    {
        _exchange.OnPlace = order => answer switch
        {
            "unknown" => new OrderOutcome.Unknown("No answer to the order (Timeout); looking the order up failed too"),
            "not-found-after-lookups" => new OrderOutcome.NotPlaced("not known after 5 lookups", -2013, "Order does not exist."),
            "refused" => new OrderOutcome.NotPlaced("The exchange refused the order: Margin is insufficient. (-2019).", -2019, "Margin is insufficient."),
            "rate-limited" => new OrderOutcome.NotPlaced("wait", 429, null, TimeSpan.FromSeconds(30)),
            _ => new OrderOutcome.Placed("1", order.ClientOrderId, "NEW", 0m, 0m, 10, DateTimeOffset.UnixEpoch),
        };

        var result = await Runner().RunAsync(CallOf("s1", "u-1"), CancellationToken.None);

        Assert.IsType(expected, result);
    }

    [Fact]
    public async Task A_user_whose_client_cannot_be_built_now_is_unknown_never_rejected()
    {
        var runner = new ExchangeCallRunner(new Exchanges(null), _claims, NullLogger<ExchangeCallRunner>.Instance);

        var result = await runner.RunAsync(CallOf("s1", "u-1", venue: "binance"), CancellationToken.None);

        Assert.IsType<CallResult.Unknown>(result);
    }

    private ExchangeCallRunner Runner() => new(new Exchanges(_exchange), _claims, NullLogger<ExchangeCallRunner>.Instance);

    private sealed class Exchanges(IExchangeClient? client) : IUserExchanges
    {
        public ExchangeChoice Resolve(string venue, string userId, EncryptedCredentials? stored) =>
            new(client, venue, client is null ? "No exchange credentials are stored for this user." : null);
    }

    private sealed class FakeClaims : IExecutionClaims
    {
        public TimeSpan Lease => TimeSpan.FromSeconds(60);

        public ClaimResult Answer { get; set; } = ClaimResult.First;

        public Task<ClaimResult> TryClaimAsync(string signalId, string userId) => Task.FromResult(Answer);

        public Task CompleteAsync(string signalId, string userId, string status) => Task.CompletedTask;
    }
}

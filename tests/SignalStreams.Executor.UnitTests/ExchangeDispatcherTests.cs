using System.Collections.Concurrent;
using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using static SignalStreams.Executor.UnitTests.Pairs;

namespace SignalStreams.Executor.UnitTests;

public sealed class ExchangeDispatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_users_calls_run_one_after_the_other_in_the_order_given()
    {
        var running = 0;
        var maxRunning = 0;
        var order = new ConcurrentQueue<string>();
        using var dispatcher = Dispatcher(async (call, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            order.Enqueue(call.SignalId);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return new CallResult.Unknown("done");
        });

        foreach (var signal in new[] { "s1", "s2", "s3", "s4" })
        {
            Assert.True(dispatcher.Submit(0, CallOf(signal, "u-1")));
        }

        await AnswersAsync(dispatcher, 0, 4);
        Assert.Equal(1, maxRunning);
        Assert.Equal(["s1", "s2", "s3", "s4"], order);
    }

    [Fact]
    public async Task Different_users_run_at_the_same_time()
    {
        var started = new CountdownEvent(10);
        var release = new TaskCompletionSource();
        using var dispatcher = Dispatcher(async (call, ct) =>
        {
            started.Signal();
            await release.Task.WaitAsync(ct);
            return new CallResult.Unknown("done");
        });

        for (var i = 0; i < 10; i++)
        {
            dispatcher.Submit(0, CallOf("s1", $"u-{i}"));
        }

        Assert.True(started.Wait(Patience), "ten users' calls should all be running at once");
        release.SetResult();
        await AnswersAsync(dispatcher, 0, 10);
    }

    [Fact]
    public async Task Users_of_a_hanging_exchange_never_hold_back_users_of_another_on_the_same_partition()
    {
        var hang = new TaskCompletionSource();
        using var dispatcher = Dispatcher(
            async (call, ct) =>
            {
                if (call.Venue == "binance")
                {
                    await hang.Task.WaitAsync(ct);
                }

                return new CallResult.Unknown("answered");
            },
            new ExchangeDispatcherOptions { MaxInFlightPerEndpoint = 4, MaxQueuedPerEndpoint = 1000, CallTimeoutMs = 600_000 });

        for (var i = 0; i < 400; i++)
        {
            dispatcher.Submit(0, CallOf("s1", $"hung-{i}", venue: "binance"));
        }

        for (var i = 0; i < 20; i++)
        {
            dispatcher.Submit(0, CallOf("s1", $"paper-{i}"));
        }

        var answers = await AnswersAsync(dispatcher, 0, 20);
        Assert.All(answers, a => Assert.StartsWith("paper-", a.Call.UserId, StringComparison.Ordinal));
        Assert.Equal((4, 396), dispatcher.Load("binance"));
        hang.SetResult();
        await AnswersAsync(dispatcher, 0, 400);
        Assert.Equal((0, 0), dispatcher.Load("binance"));
    }

    [Fact]
    public async Task A_full_endpoint_queue_answers_unknown_at_once_and_sends_nothing()
    {
        var hang = new TaskCompletionSource();
        var calls = 0;
        using var dispatcher = Dispatcher(
            async (call, ct) =>
            {
                Interlocked.Increment(ref calls);
                await hang.Task.WaitAsync(ct);
                return new CallResult.Unknown("answered");
            },
            new ExchangeDispatcherOptions { MaxInFlightPerEndpoint = 2, MaxQueuedPerEndpoint = 3, CallTimeoutMs = 600_000 });

        for (var i = 0; i < 10; i++)
        {
            dispatcher.Submit(0, CallOf("s1", $"u-{i}"));
        }

        var refused = await AnswersAsync(dispatcher, 0, 5);
        Assert.All(refused, a => Assert.Contains("Too many calls", Assert.IsType<CallResult.Unknown>(a.Result).Reason, StringComparison.Ordinal));
        Assert.Equal((2, 3), dispatcher.Load("paper"));
        Assert.Equal(2, Volatile.Read(ref calls));
        hang.SetResult();
        await AnswersAsync(dispatcher, 0, 5);
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_is_answered_unknown_and_frees_its_slot()
    {
        using var dispatcher = Dispatcher(
            async (call, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new CallResult.Filled(Filled().Order);
            },
            new ExchangeDispatcherOptions { MaxInFlightPerEndpoint = 1, MaxQueuedPerEndpoint = 10, CallTimeoutMs = 100 });

        dispatcher.Submit(0, CallOf("s1", "u-1"));
        dispatcher.Submit(0, CallOf("s1", "u-2"));

        var answers = await AnswersAsync(dispatcher, 0, 2);
        Assert.All(answers, a => Assert.IsType<CallResult.Unknown>(a.Result));
        Assert.Equal((0, 0), dispatcher.Load("paper"));
    }

    [Fact]
    public async Task A_call_waits_until_the_record_that_names_it_is_durable_and_is_not_sent_when_it_never_becomes_durable()
    {
        var sent = new ConcurrentQueue<string>();
        var durable = new TaskCompletionSource();
        using var dispatcher = Dispatcher((call, _) =>
        {
            sent.Enqueue(call.UserId);
            return Task.FromResult<CallResult>(new CallResult.Unknown("answered"));
        });

        dispatcher.Submit(0, CallOf("s1", "u-1"), () => durable.Task);
        dispatcher.Submit(0, CallOf("s1", "u-2"), () => Task.FromException(new InvalidOperationException("broker down")));
        var refused = await AnswersAsync(dispatcher, 0, 1);
        Assert.Equal("u-2", refused.Single().Call.UserId);
        Assert.Empty(sent);

        durable.SetResult();
        await AnswersAsync(dispatcher, 0, 1);
        Assert.Equal(["u-1"], sent);
    }

    [Fact]
    public async Task A_pair_has_at_most_one_call_in_flight()
    {
        var release = new TaskCompletionSource();
        using var dispatcher = Dispatcher(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new CallResult.Unknown("answered");
        });

        Assert.True(dispatcher.Submit(0, CallOf("s1", "u-1")));
        Assert.True(dispatcher.IsInFlight(ExecutionKeys.Of("s1", "u-1")));
        Assert.False(dispatcher.Submit(0, CallOf("s1", "u-1")));
        release.SetResult();
        await AnswersAsync(dispatcher, 0, 1);
        Assert.False(dispatcher.IsInFlight(ExecutionKeys.Of("s1", "u-1")));
    }

    [Fact]
    public async Task Answers_go_to_the_partition_of_their_call()
    {
        using var dispatcher = Dispatcher((_, _) => Task.FromResult<CallResult>(new CallResult.Unknown("answered")));

        dispatcher.Submit(3, CallOf("s1", "u-1"));
        dispatcher.Submit(7, CallOf("s1", "u-2"));

        Assert.Equal("u-1", (await AnswersAsync(dispatcher, 3, 1)).Single().Call.UserId);
        Assert.Equal("u-2", (await AnswersAsync(dispatcher, 7, 1)).Single().Call.UserId);
    }

    internal static ExchangeCall CallOf(string signalId, string userId, string venue = "paper", ExchangeCallKind kind = ExchangeCallKind.Place) =>
        new(signalId, userId, 1, kind, false, venue, MarketType.Futures, "BTCUSDT", ClientOrderIds.For(signalId, userId), Signal() with { SignalId = signalId }, User() with { UserId = userId });

    private static ExchangeDispatcher Dispatcher(Func<ExchangeCall, CancellationToken, Task<CallResult>> body, ExchangeDispatcherOptions? options = null) =>
        new(body, call => call.Venue, options ?? new ExchangeDispatcherOptions());

    private static async Task<List<DispatchedAnswer>> AnswersAsync(ExchangeDispatcher dispatcher, int partition, int count)
    {
        var answers = new List<DispatchedAnswer>();
        var deadline = DateTime.UtcNow + Patience;
        while (answers.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {answers.Count} of {count} answers arrived");
            answers.AddRange(dispatcher.TakeAnswers(partition, count - answers.Count));
            await Task.Delay(5);
        }

        return answers;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

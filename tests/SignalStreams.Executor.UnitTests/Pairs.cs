using SignalStreams.Contracts;
using SignalStreams.Exchange;
using SignalStreams.SignalExecutor;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.Executor.UnitTests;

/// <summary>A signal, a user and the events of their pair, at a fixed clock.</summary>
internal static class Pairs
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly ExecutionMachineSettings Settings = new(
        ReconcileGrace: TimeSpan.FromSeconds(5),
        UnknownSignalWait: TimeSpan.FromSeconds(10),
        NotFoundConfirmation: TimeSpan.FromSeconds(10),
        UnknownSignalRetry: TimeSpan.FromSeconds(1));

    public static ExecutionMachine Machine => new(Settings);

    public static Signal Signal(SignalStatus status = SignalStatus.Active, SignalStrength strength = SignalStrength.VeryStrong, TimeSpan? lifetime = null) => new()
    {
        SignalId = "sig-1",
        Source = "tests",
        Symbol = "BTCUSDT",
        Market = MarketType.Futures,
        Side = OrderSide.Buy,
        EntryPrice = 68000m,
        Strength = strength,
        Leverage = 10,
        Status = status,
        CreatedAt = T0,
        ExpiresAt = T0 + (lifetime ?? TimeSpan.FromMinutes(5)),
    };

    public static UserSettings User(bool botEnabled = true, SignalStrength minStrength = SignalStrength.Weak, int? maxOpen = null, bool paper = true) => new()
    {
        UserId = "u-1",
        Email = "u1@example.com",
        BotEnabled = botEnabled,
        MinStrength = minStrength,
        Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 100m },
        MaxOpenPositions = maxOpen,
        PaperTrading = paper,
    };

    public static ExecutionAttempt Attempt(ExecutionTrigger trigger = ExecutionTrigger.Fanout, DateTimeOffset? issuedAt = null) =>
        new("sig-1", "u-1", trigger, trigger == ExecutionTrigger.Fanout ? Signal() : null, issuedAt ?? T0);

    public static ExecutionEvent.Attempted Attempted(
        TimeSpan after,
        ExecutionTrigger trigger = ExecutionTrigger.Fanout,
        Signal? signal = null,
        UserSettings? user = null,
        bool noSignal = false,
        ExchangeRoute? route = null,
        int openPositions = 0,
        bool inFlight = false) =>
        new(T0 + after, Attempt(trigger), noSignal ? null : signal ?? Signal(), user ?? User(), route ?? new ExchangeRoute("paper"), openPositions, inFlight);

    public static ExecutionEvent.Answered Answered(TimeSpan after, ExchangeCall call, CallResult result, Signal? signal = null, bool signalGone = false, bool userGone = false) =>
        new(T0 + after, call, result, signalGone ? null : signal ?? Signal(), userGone ? null : User());

    public static ExecutionEvent.Ticked Tick(TimeSpan after, bool inFlight = false) => new(T0 + after, inFlight);

    public static CallResult.Filled Filled(bool byLookup = false, decimal quantity = 0.015m) =>
        new(new OrderOutcome.Placed("8389765", "ss-x", quantity > 0 ? "FILLED" : "NEW", quantity > 0 ? 68010m : 0m, quantity, 10, T0 + TimeSpan.FromMilliseconds(250), byLookup));

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Redis;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest.Tests.Machine;

/// <summary>
/// Runs the pure position machine the way the topology does (step, make durable when told, run effects in order,
/// feed answers back), against scripted answers, with no broker: what the channel and the signals topic would hold.
/// "Durable" is the JSON the store would restore after a restart.
/// </summary>
internal sealed class MachineDriver
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public MachineDriver(PositionMachineSettings? settings = null)
    {
        Machine = NewMachine(settings ?? new PositionMachineSettings { ChatId = "-100777", EditInterval = TimeSpan.FromSeconds(10) });
    }

    public PositionMachine Machine { get; private set; }

    public DateTimeOffset Now { get; set; } = Start;

    public PositionState? State { get; private set; }

    /// <summary>The state as the store holds it durably (JSON), updated when a transition asks for durability and after each step.</summary>
    public string? Durable { get; private set; }

    public List<Signal> Published { get; } = [];

    /// <summary>Signals whose CLOSED was published (acknowledged answers only).</summary>
    public List<string> Closed { get; } = [];

    public List<string> Sent { get; } = [];

    public List<string> Edits { get; } = [];

    public List<string> Rejected { get; } = [];

    public List<PositionOutcome> Outcomes { get; } = [];

    public List<string> Redis { get; } = [];

    /// <summary>What the state said was durable when each effect ran (record before effect).</summary>
    public List<(PositionEffect Effect, string? DurableThen)> EffectLog { get; } = [];

    public Queue<ClaimStatus> ClaimAnswers { get; } = new();

    public Queue<bool> PublishAnswers { get; } = new();

    /// <summary>Answers to closing the signal: false = the publish failed (the default is acknowledged).</summary>
    public Queue<bool> CloseAnswers { get; } = new();

    public Queue<TelegramResult> SendAnswers { get; } = new();

    public Queue<TelegramResult> EditAnswers { get; } = new();

    private long _nextMessageId = 100;

    public static PositionMachine NewMachine(PositionMachineSettings settings)
    {
        var options = Options.Create(new Mt5Options { SymbolMap = { ["BTCUSDr"] = "BTCUSDT" } });
        return new PositionMachine(settings, new PositionSignals(options), new PositionMessageFormatter());
    }

    public void Event(PositionEvent e) => Run(new PositionInput.Observed(e));

    public void Tick() => Run(new PositionInput.Tick());

    /// <summary>A restart: memory is gone, the store restores the durable JSON.</summary>
    public void Restart(PositionMachineSettings? settings = null)
    {
        State = Durable is null ? null : JsonSerializer.Deserialize(Durable, PositionStateJsonContext.Default.PositionState);
        if (settings is not null)
        {
            Machine = NewMachine(settings);
        }
    }

    public void Run(PositionInput input)
    {
        var pending = new Queue<PositionInput>([input]);
        while (pending.TryDequeue(out var next))
        {
            var t = Machine.Step(State, next, Now);
            Outcomes.Add(t.Outcome);
            State = t.State;
            if (t.DurableFirst)
            {
                Persist();
            }

            foreach (var effect in t.Effects)
            {
                EffectLog.Add((effect, Durable));
                if (Answer(effect) is { } answer)
                {
                    pending.Enqueue(answer);
                }
            }

            Persist();
        }
    }

    private void Persist() => Durable = State is null ? null : JsonSerializer.Serialize(State, PositionStateJsonContext.Default.PositionState);

    private PositionInput? Answer(PositionEffect effect)
    {
        switch (effect)
        {
            case PositionEffect.Claim claim:
                Redis.Add("claim");
                return new PositionInput.Claimed(claim.Event, ClaimAnswers.TryDequeue(out var c) ? c : ClaimStatus.First);
            case PositionEffect.CompleteClaim:
                Redis.Add("complete");
                return null;
            case PositionEffect.ReleaseClaim:
                Redis.Add("release");
                return null;
            case PositionEffect.PublishSignal publish:
                if (PublishAnswers.TryDequeue(out var ok) && !ok)
                {
                    return new PositionInput.SignalFailed("refused");
                }

                Published.Add(publish.Signal);
                return new PositionInput.SignalPublished(publish.Signal);
            case PositionEffect.CloseSignal close:
                if (CloseAnswers.TryDequeue(out var closed) && !closed)
                {
                    return new PositionInput.SignalClosed(Done: false);
                }

                Closed.Add(close.SignalId);
                return new PositionInput.SignalClosed(Done: true);
            case PositionEffect.SendMessage send:
                var sent = SendAnswers.TryDequeue(out var s) ? s : new TelegramResult.Sent(_nextMessageId++);
                if (sent is not TelegramResult.Failed)
                {
                    Sent.Add(send.Text);
                }

                return new PositionInput.MessageSent(send.Text, sent);
            case PositionEffect.EditMessage edit:
                var edited = EditAnswers.TryDequeue(out var r) ? r : new TelegramResult.Edited(edit.MessageId);
                if (edited.IsSuccess)
                {
                    Edits.Add(edit.Text);
                }

                return new PositionInput.MessageEdited(edit.Text, edited);
            case PositionEffect.Reject reject:
                Rejected.Add(reject.Reason);
                return null;
            default:
                throw new InvalidOperationException($"Unexpected effect {effect}.");
        }
    }

    /// <summary>The text the channel shows (the last successful send or edit).</summary>
    public string? Shown => Edits.Count > 0 ? Edits[^1] : Sent.Count > 0 ? Sent[^1] : null;
}

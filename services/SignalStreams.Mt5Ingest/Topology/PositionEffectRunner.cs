using Microsoft.Extensions.Options;
using SignalStreams.Sdk;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Runs the effects the position machine asks for and turns their answers into machine inputs: Redis claims, the
/// signal through the SDK's publisher, Telegram calls. Every call is bounded (<c>Mt5:TelegramWaitSeconds</c>, the
/// client's own timeouts, the stop of the host), so one hanging Telegram never holds a partition for longer.
/// Runs on the task's stream thread: blocking here is deliberate and bounded.
/// </summary>
public sealed class PositionEffectRunner(
    PositionClaims claims,
    SignalPublisher publisher,
    ITelegramBotClient telegram,
    IOptions<Mt5Options> options,
    IHostApplicationLifetime lifetime,
    Mt5IngestMetrics metrics,
    ILogger<PositionEffectRunner> logger)
{
    private TimeSpan TelegramWait => TimeSpan.FromSeconds(options.Value.TelegramWaitSeconds);

    /// <summary>Runs <paramref name="effect"/> for <paramref name="positionKey"/>; the answer to feed back, if it has one.</summary>
    public PositionInput? Run(string positionKey, PositionEffect effect) => effect switch
    {
        PositionEffect.Claim claim => new PositionInput.Claimed(claim.Event, Wait(claims.ClaimAsync(positionKey))),
        PositionEffect.CompleteClaim => Done(claims.CompleteAsync(positionKey)),
        PositionEffect.ReleaseClaim => Done(claims.ReleaseAsync(positionKey)),
        PositionEffect.PublishSignal publish => Publish(positionKey, publish),
        PositionEffect.CloseSignal close => Close(positionKey, close.SignalId),
        PositionEffect.SendMessage send => new PositionInput.MessageSent(send.Text, CallTelegram(positionKey, "sendMessage", t => telegram.SendMessageAsync(send.ChatId, send.Text, t))),
        PositionEffect.EditMessage edit => new PositionInput.MessageEdited(edit.Text, CallTelegram(positionKey, "editMessageText", t => telegram.EditMessageTextAsync(edit.ChatId, edit.MessageId, edit.Text, t))),
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "The task handles this effect itself."),
    };

    private PositionInput Publish(string positionKey, PositionEffect.PublishSignal publish)
    {
        try
        {
            Wait(publisher.PublishAsync(publish.Signal, lifetime.ApplicationStopping));
            metrics.KafkaRecord("signal");
            return new PositionInput.SignalPublished(publish.Signal);
        }
        catch (Exception e) when (e is SignalPublishException or OperationCanceledException)
        {
            metrics.Failure("signal");
            logger.LogWarning("Creating signal {SignalId} for position {PositionKey} failed ({Reason}); mapping failed, the next event retries", publish.Signal.SignalId, positionKey, e.Message);
            return new PositionInput.SignalFailed(e.Message);
        }
    }

    private PositionInput? Close(string positionKey, string signalId)
    {
        try
        {
            if (Wait(publisher.CloseAsync(signalId, lifetime.ApplicationStopping)).Published)
            {
                metrics.KafkaRecord("signal");
            }

            return new PositionInput.SignalClosed(Done: true);
        }
        catch (SignalNotFoundException)
        {
            logger.LogInformation("Signal {SignalId} of closed position {PositionKey} is not on the signals topic; nothing to close", signalId, positionKey);
            return new PositionInput.SignalClosed(Done: true);
        }
        catch (Exception e) when (e is SignalPublishException or OperationCanceledException)
        {
            // Followers keep their positions until the signal is CLOSED: the state keeps the close due and the timer retries.
            metrics.Failure("signal-close");
            logger.LogWarning("Closing signal {SignalId} of closed position {PositionKey} failed ({Reason}); retried by the timer", signalId, positionKey, e.Message);
            return new PositionInput.SignalClosed(Done: false);
        }
    }

    private TelegramResult CallTelegram(string positionKey, string method, Func<CancellationToken, Task<TelegramResult>> call)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        bound.CancelAfter(TelegramWait);
        TelegramResult result;
        try
        {
            result = Wait(call(bound.Token));
        }
        catch (OperationCanceledException)
        {
            // The client throws only while the request has not left (rate-limit or 429 wait): known NOT sent.
            result = new TelegramResult.Failed(null, $"not sent within Mt5:TelegramWaitSeconds ({TelegramWait.TotalSeconds:0.#} s) or before the service stopped");
            logger.LogInformation("The {Method} call of position {PositionKey} was not made before its bound; known not sent", method, positionKey);
        }

        metrics.TelegramCall(method, Outcome(result));
        return result;
    }

    private static PositionInput? Done(Task task)
    {
        task.GetAwaiter().GetResult();
        return null;
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static string Outcome(TelegramResult result) => result switch
    {
        TelegramResult.Sent => "sent",
        TelegramResult.Edited => "edited",
        TelegramResult.NotModified => "not_modified",
        TelegramResult.Failed => "failed",
        _ => "unknown",
    };
}

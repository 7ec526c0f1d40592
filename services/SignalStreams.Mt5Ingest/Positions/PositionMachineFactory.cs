using Microsoft.Extensions.Options;
using SignalStreams.Telegram;

namespace SignalStreams.Mt5Ingest;

/// <summary>The position machine with its settings from <c>Mt5:*</c> and <c>Telegram:ChatId</c>.</summary>
public static class PositionMachineFactory
{
    public static PositionMachine Create(IServiceProvider services)
    {
        var mt5 = services.GetRequiredService<IOptions<Mt5Options>>().Value;
        var telegram = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        var settings = new PositionMachineSettings
        {
            ChatId = telegram.ChatId,
            EditInterval = TimeSpan.FromSeconds(mt5.EditIntervalSeconds),
            StateRetention = mt5.StateRetention,
            RetiredMarkerRetention = mt5.RetiredMarkerRetention,
            HeldRetryInterval = TimeSpan.FromSeconds(Math.Clamp(mt5.ClaimSeconds / 10.0, 1, 5)),
        };
        return new PositionMachine(settings, services.GetRequiredService<PositionSignals>(), services.GetRequiredService<PositionMessageFormatter>());
    }
}

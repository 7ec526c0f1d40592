using Microsoft.Extensions.Options;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>Refuses to start with a source whose id, secret, strength or limits are unusable. Never names a secret's value.</summary>
internal sealed class TradingViewOptionsValidator : IValidateOptions<TradingViewOptions>
{
    public ValidateOptionsResult Validate(string? name, TradingViewOptions options)
    {
        var failures = new List<string>();
        foreach (var (sourceId, source) in options.Sources)
        {
            var key = $"{TradingViewOptions.SectionName}:Sources:{sourceId}";
            if (!TradingViewAlerts.IsValidSourceId(sourceId))
            {
                failures.Add($"{key}: {TradingViewAlerts.SourceIdRule}");
            }

            if (string.IsNullOrWhiteSpace(source.Secret) || source.Secret.Length < TradingViewSourceOptions.MinSecretLength)
            {
                failures.Add($"{key}:Secret is required: at least {TradingViewSourceOptions.MinSecretLength} characters (e.g. openssl rand -hex 24).");
            }

            if (TradingViewAlerts.ParseStrength(source.Strength) is null)
            {
                failures.Add($"{key}:Strength must be WEAK, MODERATE, STRONG or VERY_STRONG.");
            }

            if (source.PermitsPerMinute < 1 || source.Burst < 1)
            {
                failures.Add($"{key}:PermitsPerMinute and :Burst must be at least 1.");
            }
        }

        foreach (var (ticker, mapped) in options.SymbolMap)
        {
            var key = $"{TradingViewOptions.SectionName}:SymbolMap:{ticker}";
            if (!TradingViewAlerts.IsContractSymbol(mapped.Symbol))
            {
                failures.Add($"{key}:Symbol must be 2-20 characters of A-Z and 0-9.");
            }

            if (!string.IsNullOrEmpty(mapped.Market) && TradingViewAlerts.ParseMarket(mapped.Market) is null)
            {
                failures.Add($"{key}:Market must be FUTURES or SPOT.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

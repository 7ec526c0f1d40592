using System.Text.Json.Serialization;

namespace SignalStreams.SignalApi.Webhooks;

/// <summary>
/// The alert message as TradingView sends it: camelCase names, and numbers that may arrive quoted
/// (<c>"price": "{{close}}"</c> is as common in pasted templates as <c>"price": {{close}}</c>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TradingViewAlertMessage))]
[JsonSerializable(typeof(TradingViewAccepted))]
internal sealed partial class TradingViewJsonContext : JsonSerializerContext;

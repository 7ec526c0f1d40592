using System.Globalization;
using System.Text.Json;

namespace SignalStreams.Exchange.Binance;

/// <summary>Reads Binance JSON, where numbers usually arrive as strings ("0.00100000").</summary>
internal static class BinanceJson
{
    public static decimal Decimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? ToDecimal(value) : 0m;

    public static decimal ToDecimal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0m,
    };

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var l) ? l : 0
            : 0;

    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>Binance's error body <c>{ "code": -1022, "msg": "..." }</c>, or nulls when the body is something else.</summary>
    public static (int? Code, string? Msg) Error(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var msg = root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (code, msg);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}

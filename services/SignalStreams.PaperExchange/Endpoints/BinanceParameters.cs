using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace SignalStreams.PaperExchange.Endpoints;

/// <summary>
/// A request's parameters from the query string and a form body, as Binance takes them, plus the exact text that
/// was signed: the query string followed by the body, each without its <c>signature</c> parameter.
/// </summary>
public sealed class BinanceParameters
{
    private const string ItemKey = "paper-exchange.parameters";
    private readonly Dictionary<string, StringValues> _values;

    private BinanceParameters(string rawQuery, string rawBody)
    {
        _values = new Dictionary<string, StringValues>(QueryHelpers.ParseQuery(rawQuery), StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(rawBody))
        {
            _values[key] = value;
        }

        SignedPayload = WithoutSignature(rawQuery) + WithoutSignature(rawBody);
    }

    public string SignedPayload { get; }

    public string? this[string name] => _values.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>A decimal parameter: 0 when absent, an -1100 error when malformed.</summary>
    public (decimal Value, BinanceError? Error) Decimal(string name)
    {
        if (this[name] is not { } text)
        {
            return (0m, null);
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (0m, BinanceError.IllegalParameter(name, "^([0-9]{1,20})(\\.[0-9]{1,20})?$"));
    }

    /// <summary>A long parameter, or null when absent or malformed.</summary>
    public long? Long(string name) => long.TryParse(this[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>"true" / "false" in any case (Binance takes both "true" and "TRUE").</summary>
    public bool Flag(string name) => string.Equals(this[name], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads (once per request) and caches the parameters of <paramref name="context"/>.</summary>
    public static async Task<BinanceParameters> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is BinanceParameters parameters)
        {
            return parameters;
        }

        var body = "";
        if (context.Request.HasFormContentType || (context.Request.ContentLength ?? 0) > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        parameters = new BinanceParameters(context.Request.QueryString.Value?.TrimStart('?') ?? "", body);
        context.Items[ItemKey] = parameters;
        return parameters;
    }

    private static string WithoutSignature(string raw) =>
        string.Join('&', raw.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("signature=", StringComparison.Ordinal)));
}

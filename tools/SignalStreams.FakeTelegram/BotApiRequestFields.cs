using System.Text.Json;

namespace SignalStreams.FakeTelegram;

/// <summary>Bot API parameters from a JSON body, a form body or the query string, as Telegram accepts all three.</summary>
internal sealed class BotApiRequestFields
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? this[string name] => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<BotApiRequestFields?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new BotApiRequestFields();
        foreach (var (key, value) in request.Query)
        {
            fields._values[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
            {
                fields._values[key] = value.ToString();
            }

            return fields;
        }

        if (request.ContentLength is 0 || !(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return fields;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields._values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>link_preview_options.is_disabled</c>, or the older <c>disable_web_page_preview</c>.</summary>
    public bool LinkPreviewDisabled()
    {
        if (this["disable_web_page_preview"] is "true")
        {
            return true;
        }

        if (this["link_preview_options"] is not { } options)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("is_disabled", out var disabled)
                && disabled.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

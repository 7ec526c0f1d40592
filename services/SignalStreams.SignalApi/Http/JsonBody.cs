using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Http;

/// <summary>
/// Reads a JSON object body with a size cap. A body that is not JSON, not an object or too large becomes a 400
/// problem; the messages never quote the body (it may hold credentials).
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<BodyRead<JsonObject>> ReadObjectAsync(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, cancellationToken);
        if (bytes is null)
        {
            return BodyRead<JsonObject>.Fail(TooLarge());
        }

        try
        {
            return JsonNode.Parse(bytes) is JsonObject body
                ? BodyRead<JsonObject>.Ok(body)
                : BodyRead<JsonObject>.Fail(Problems.Invalid(what, "body", "The body must be a JSON object."));
        }
        catch (JsonException)
        {
            return BodyRead<JsonObject>.Fail(Problems.Invalid(what, "body", "The body is not valid JSON."));
        }
    }

    /// <summary>The raw body, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    public static IResult TooLarge() => Problems.Status(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes} bytes.");

    /// <summary>
    /// Binds an object to a contract record. Missing required fields are listed together; a value of the wrong
    /// type (e.g. an unknown enum name) is reported with its JSON path.
    /// </summary>
    public static BodyRead<T> Bind<T>(JsonObject body, JsonTypeInfo<T> typeInfo, string what, params string[] required)
        where T : class
    {
        var missing = required.Where(field => body[field] is null).Select(field => new ValidationProblem(field, $"{field} is required.")).ToList();
        if (missing.Count > 0)
        {
            return BodyRead<T>.Fail(Problems.Invalid(what, missing));
        }

        try
        {
            var value = body.Deserialize(typeInfo);
            return value is null ? BodyRead<T>.Fail(Problems.Invalid(what, "body", "The body must be a JSON object.")) : BodyRead<T>.Ok(value);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return BodyRead<T>.Fail(Problems.Invalid(what, field, $"{field} has a value of the wrong type or an unknown name."));
        }
    }
}

/// <summary>A parsed body, or the problem answer that explains why there is none.</summary>
internal sealed record BodyRead<T>(T? Value, IResult? Problem)
    where T : class
{
    public static BodyRead<T> Ok(T value) => new(value, null);

    public static BodyRead<T> Fail(IResult problem) => new(null, problem);
}

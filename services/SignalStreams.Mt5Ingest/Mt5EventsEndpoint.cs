using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Kafka;

namespace SignalStreams.Mt5Ingest;

/// <summary>
/// <c>POST /api/mt5/events</c>: one PositionEvent or an array, HMAC-signed. 401 for a bad, missing or stale
/// signature; 400 listing every problem for malformed JSON or invalid events (nothing is produced then); 202 once
/// every event is acknowledged on <c>mt5-position-events</c>, keyed <c>{accountId}:{positionId}</c>.
/// </summary>
internal static class Mt5EventsEndpoint
{
    public const string Path = "/api/mt5/events";

    public static void Map(IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync)
        .WithName("PostMt5Events")
        .WithTags("MT5")
        .WithSummary("Post MT5 position events")
        .WithDescription("One PositionEvent or an array, HMAC-signed in X-Signature. 202 { accepted } once every event is on mt5-position-events; "
            + "401 bad, missing or stale signature; 400 lists every problem (nothing is produced then); 413 too large; 503 when Kafka does not acknowledge.")
        .Produces<Dictionary<string, int>>(StatusCodes.Status202Accepted)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(
        HttpRequest request,
        IOptions<Mt5Options> options,
        ContractRecordWriter writer,
        TopicNames topics,
        TimeProvider time,
        Mt5IngestMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = await ReadBodyAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            metrics.WebhookRequest("too_large");
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is larger than {settings.MaxBodyBytes} bytes.");
        }

        var refusal = WebhookSignature.Verify(request.Headers[WebhookSignature.HeaderName], body, settings.WebhookSecret, time.GetUtcNow(), TimeSpan.FromSeconds(settings.SignatureToleranceSeconds));
        if (refusal is not null)
        {
            metrics.WebhookRequest("unauthorized");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: refusal);
        }

        var (events, problems) = Parse(body);
        if (problems.Count > 0)
        {
            metrics.WebhookRequest("invalid");
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: problems.Count == 1 ? problems[0] : $"{problems.Count} problems: " + string.Join(" ", problems),
                extensions: new Dictionary<string, object?> { ["errors"] = problems });
        }

        try
        {
            await Task.WhenAll(events.Select(e => writer.WriteAsync(topics.Mt5PositionEvents, e.Key, e, ContractsJsonContext.Default.PositionEvent, SchemaNames.PositionEvent, cancellationToken)));
        }
        catch (ProduceException<string, byte[]> e)
        {
            metrics.WebhookRequest("unavailable");
            loggers.CreateLogger(typeof(Mt5EventsEndpoint)).LogWarning("Kafka did not acknowledge {Count} MT5 events ({Reason}); answering 503", events.Count, e.Error.Reason);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "Kafka did not acknowledge the events; send them again.");
        }

        foreach (var _ in events)
        {
            metrics.KafkaRecord("position_event");
        }

        metrics.WebhookRequest("accepted");
        return Results.Json(new Dictionary<string, int> { ["accepted"] = events.Count }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Every event of the body, or every problem found (parse errors per element, then validation).</summary>
    internal static (List<PositionEvent> Events, List<string> Problems) Parse(byte[] body)
    {
        var events = new List<PositionEvent>();
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            problems.Add($"The body is not valid JSON: {e.Message}");
            return (events, problems);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    ParseOne(root, "event", events, problems);
                    break;
                case JsonValueKind.Array when root.GetArrayLength() == 0:
                    problems.Add("The array holds no events.");
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var element in root.EnumerateArray())
                    {
                        ParseOne(element, $"events[{index++}]", events, problems);
                    }

                    break;
                default:
                    problems.Add("The body must be one PositionEvent object or an array of them.");
                    break;
            }
        }

        return (events, problems);
    }

    private static void ParseOne(JsonElement element, string label, List<PositionEvent> events, List<string> problems)
    {
        PositionEvent? parsed;
        try
        {
            parsed = element.ValueKind == JsonValueKind.Object ? element.Deserialize(ContractsJsonContext.Default.PositionEvent) : null;
        }
        catch (JsonException e)
        {
            problems.Add($"{label}: {e.Message}");
            return;
        }

        if (parsed is null)
        {
            problems.Add($"{label}: must be a PositionEvent object.");
            return;
        }

        var result = parsed.Validate();
        if (result.IsValid)
        {
            events.Add(parsed);
        }
        else
        {
            problems.AddRange(result.Problems.Select(p => $"{label}: {p.Message}"));
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

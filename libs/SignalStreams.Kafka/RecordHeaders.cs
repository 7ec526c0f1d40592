using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace SignalStreams.Kafka;

/// <summary>Names and helpers for the headers every record carries.</summary>
public static class RecordHeaders
{
    public const string Schema = "schema";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string Error = "error";
    public const string SourceTopic = "source-topic";
    public const string SourcePartition = "source-partition";
    public const string SourceOffset = "source-offset";

    public static Headers WithSchema(string schema, Headers? extra = null)
    {
        var headers = new Headers();
        if (extra is not null)
        {
            foreach (var header in extra)
            {
                if (header.Key is not Schema)
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        Set(headers, Schema, schema);
        AddTraceContext(headers);
        return headers;
    }

    /// <summary>Propagates the current W3C trace context, so a signal can be followed from publish to execution.</summary>
    public static void AddTraceContext(Headers headers)
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || GetString(headers, TraceParent) is not null)
        {
            return;
        }

        Set(headers, TraceParent, activity.Id!);
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            Set(headers, TraceState, activity.TraceStateString);
        }
    }

    public static void Set(Headers headers, string key, string value)
    {
        headers.Remove(key);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
    }

    public static string? GetString(Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public static string ToInvariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

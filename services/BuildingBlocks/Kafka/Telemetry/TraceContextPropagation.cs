using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Kafka.Telemetry;

/// <summary>
/// W3C trace context in Kafka headers (<c>traceparent</c>, <c>tracestate</c>), the way OpenTelemetry's
/// messaging conventions carry it, so a trace flows from ingest through every stream stage.
/// </summary>
public static class TraceContextPropagation
{
    /// <summary>The W3C <c>traceparent</c> header.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C <c>tracestate</c> header.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>Reads the trace context of a record, if it carries a valid one.</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent) || parent is null)
        {
            return false;
        }

        string? state = headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) && stateBytes is not null
            ? Encoding.ASCII.GetString(stateBytes)
            : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out context);
    }

    /// <summary>Writes <paramref name="context"/> into <paramref name="headers"/>, replacing what was there.</summary>
    public static void Inject(Headers headers, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (context == default)
        {
            return;
        }

        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes($"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{flags}"));
        if (!string.IsNullOrEmpty(context.TraceState))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(context.TraceState));
        }
    }

    /// <summary>
    /// Copies the trace headers of <paramref name="source"/> into <paramref name="target"/> unless the
    /// target already has a <c>traceparent</c>; returns whether it copied.
    /// </summary>
    public static bool CopyIfMissing(Headers? source, Headers target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (source is null || target.TryGetLastBytes(TraceParentHeader, out _)
            || !source.TryGetLastBytes(TraceParentHeader, out var parent) || parent is null)
        {
            return false;
        }

        target.Add(TraceParentHeader, parent);
        if (source.TryGetLastBytes(TraceStateHeader, out var state) && state is not null)
        {
            target.Add(TraceStateHeader, state);
        }

        return true;
    }
}

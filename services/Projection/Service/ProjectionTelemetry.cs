using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka.Telemetry;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Traces of the projection (source <c>CustomerStream.Projection</c>, exported with every <c>CustomerStream.*</c>
/// source): one consumer span per batch, linked to the trace context each record carries in its Kafka headers
/// (<c>traceparent</c>, set by ingest and copied by every stage), so that an order is followed from the ingest
/// API to the batch that wrote its mart rows; Npgsql's spans of that batch's SQL are its children.
/// </summary>
public static class ProjectionTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> (the meter of <see cref="ProjectionMetrics"/> has the same name).</summary>
    public const string ActivitySourceName = ProjectionMetrics.MeterName;

    /// <summary>A batch mixes records of many traces: it links a bounded number of them rather than pick one parent.</summary>
    public const int MaxLinks = 32;

    internal static ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>Keeps the trace context of <paramref name="headers"/> for the batch span, if anyone listens and there is room.</summary>
    internal static void CollectLink(List<ActivityLink> links, Headers? headers)
    {
        if (links.Count < MaxLinks && Source.HasListeners() && TraceContextPropagation.TryExtract(headers, out var context))
        {
            links.Add(new ActivityLink(context));
        }
    }

    /// <summary>The span of one batch: applied to PostgreSQL, then committed; null when nothing listens.</summary>
    internal static Activity? StartBatch(ConsumedBatch batch, string groupId) =>
        Source.StartActivity(
            "projection apply",
            ActivityKind.Consumer,
            parentContext: default,
            tags:
            [
                new("messaging.system", "kafka"),
                new("messaging.consumer.group.name", groupId),
                new("messaging.batch.message_count", batch.Records),
                new("db.system.name", "postgresql"),
            ],
            links: batch.TraceLinks);
}

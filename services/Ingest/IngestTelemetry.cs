using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerStream.Ingest;

/// <summary>Traces and metrics of ingest: one activity per file or HTTP request, counters per outcome.</summary>
public static class IngestTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> and <see cref="Meter"/> (register it with OpenTelemetry).</summary>
    public const string Name = "CustomerStream.Ingest";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Records published to the ingest topics, by entity.</summary>
    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("customerstream.ingest.accepted", "{record}", "Input records accepted and published.");

    /// <summary>Records rejected, by entity and reason code.</summary>
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("customerstream.ingest.rejected", "{record}", "Input records rejected, by reason code.");

    /// <summary>
    /// Starts the activity of one file or request. When nothing listens to <see cref="Source"/> an
    /// activity is still created, because every produced record must carry a trace context that later
    /// stages can continue.
    /// </summary>
    public static Activity StartActivity(string name, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var activity = Source.StartActivity(name, ActivityKind.Producer, Activity.Current?.Context ?? default, tags);
        if (activity is not null)
        {
            return activity;
        }

        var fallback = new Activity(name);
        fallback.SetIdFormat(ActivityIdFormat.W3C);
        foreach (var (key, value) in tags)
        {
            fallback.SetTag(key, value);
        }

        fallback.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        return fallback.Start();
    }
}

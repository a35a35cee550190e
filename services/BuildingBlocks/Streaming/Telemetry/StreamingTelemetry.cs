using System.Diagnostics;

namespace CustomerStream.Streaming.Telemetry;

/// <summary>
/// Names under which the runtime publishes telemetry: add <see cref="MeterName"/> to the OpenTelemetry
/// metrics builder and <see cref="ActivitySourceName"/> to the tracing builder.
/// </summary>
public static class StreamingTelemetry
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> of every stream application.</summary>
    public const string MeterName = "CustomerStream.Streaming";

    /// <summary>Name of the <see cref="System.Diagnostics.ActivitySource"/> that creates one span per batch.</summary>
    public const string ActivitySourceName = "CustomerStream.Streaming";

    /// <summary>Tag carrying the application id (consumer group) on every instrument and span.</summary>
    public const string ApplicationIdTag = "customerstream.application.id";

    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);
}

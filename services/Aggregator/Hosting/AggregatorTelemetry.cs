using System.Diagnostics.Metrics;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>Instruments of the aggregator service (meter <c>CustomerStream.Aggregator.Service</c>).</summary>
public static class AggregatorTelemetry
{
    /// <summary>The meter name to enable in an OpenTelemetry pipeline.</summary>
    public const string Name = "CustomerStream.Aggregator.Service";

    private static readonly Meter Meter = new(Name);

    /// <summary>Input records that could not be decoded and were skipped, by topic.</summary>
    public static readonly Counter<long> Undecodable = Meter.CreateCounter<long>(
        "customerstream.aggregator.undecodable", "{record}", "Input records that could not be decoded and were skipped.");
}

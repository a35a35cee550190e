using System.Diagnostics.Metrics;

namespace CustomerStream.Identity.Service;

/// <summary>OpenTelemetry instruments of the identity service (meter <c>CustomerStream.Identity</c>).</summary>
public static class IdentityTelemetry
{
    /// <summary>The meter name to enable in an OpenTelemetry pipeline.</summary>
    public const string Name = "CustomerStream.Identity";

    private static readonly Meter Meter = new(Name);

    /// <summary>Input records by <c>kind</c> (customer, order, web-event) and <c>outcome</c>.</summary>
    public static readonly Counter<long> Records = Meter.CreateCounter<long>(
        "customerstream.identity.records", "{record}", "Input records by kind and outcome (applied, not_newer, duplicate_event, unlinkable, erased = refused as a forgotten person record, undecodable).");

    /// <summary>Erasure requests applied, by <c>outcome</c> (erased, notfound, alreadyerased).</summary>
    public static readonly Counter<long> Erasures = Meter.CreateCounter<long>(
        "customerstream.identity.erasures", "{request}", "Erasure requests applied, by outcome (erased, notfound = remembered before the person was seen, alreadyerased).");

    /// <summary>Facts, links and merges emitted.</summary>
    public static readonly Counter<long> Emitted = Meter.CreateCounter<long>(
        "customerstream.identity.emitted", "{event}", "Identity facts, links and merges emitted, by type.");
}

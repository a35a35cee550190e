namespace CustomerStream.ServiceDefaults;

/// <summary>
/// Naming of traces and metrics: every <c>ActivitySource</c> and <c>Meter</c> of CustomerStream is named
/// <c>CustomerStream.&lt;Area&gt;</c> (e.g. <c>CustomerStream.Ingest</c>), so the wildcard below exports them all.
/// </summary>
public static class CustomerStreamTelemetry
{
    /// <summary>Prefix of every source and meter name.</summary>
    public const string Prefix = "CustomerStream";

    /// <summary>Wildcard that OpenTelemetry subscribes to for traces and metrics.</summary>
    public const string Wildcard = Prefix + ".*";
}

namespace CustomerStream.Projection.Storage;

/// <summary>
/// Names of the PostgreSQL objects the projection owns. The private schema holds Marten's document
/// tables (not readable by BI); the <see cref="MartSchema"/> holds only views over them.
/// </summary>
public static class ProjectionTables
{
    /// <summary>Schema of the Marten document tables and helper objects (private to the projection).</summary>
    public const string PrivateSchema = "projection";

    /// <summary>Schema BI tools read (SPEC §8).</summary>
    public const string MartSchema = "mart";

    /// <summary>Read-only role that may read <see cref="MartSchema"/> and nothing else.</summary>
    public const string BiRole = "customerstream_bi";

    public const string CustomerAlias = "customer";
    public const string CustomerPeriodAlias = "customer_period";
    public const string CustomerPeriodUnitAlias = "customer_period_unit";
    public const string OrderAlias = "customer_order";
    public const string IdentityLinkAlias = "identity_link";
    public const string CustomerAliasAlias = "customer_alias";
    public const string RejectedRecordAlias = "rejected_record";

    /// <summary>Single-row settings table (tier thresholds, as-of date) read by the population-wide views.</summary>
    public const string Settings = PrivateSchema + ".mart_settings";

    /// <summary>Remembers which version of the mart view script is installed, so start-up only rebuilds views when it changed.</summary>
    public const string SchemaVersion = PrivateSchema + ".mart_schema_version";
}

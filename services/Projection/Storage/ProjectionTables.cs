namespace CustomerStream.Projection.Storage;

/// <summary>
/// Names of the PostgreSQL objects the projection owns. The private schema holds the typed tables and
/// Marten's document tables (not readable by BI); the <see cref="MartSchema"/> holds only relations over them.
/// </summary>
public static class ProjectionTables
{
    /// <summary>Schema of the Marten document tables and helper objects (private to the projection).</summary>
    public const string PrivateSchema = "projection";

    /// <summary>Schema BI tools read (its relations: docs/marts.md).</summary>
    public const string MartSchema = "mart";

    /// <summary>Read-only role that may read <see cref="MartSchema"/> and nothing else.</summary>
    public const string BiRole = "customerstream_bi";

    /// <summary>
    /// Role that reads <see cref="MartSchema"/> with personal data in clear (e-mail, names, phones, raw rejected
    /// lines); no login of its own: granted to the few people who need it. The mart views name it too (Sql/mart.sql).
    /// </summary>
    public const string BiPiiRole = "customerstream_bi_pii";

    /// <summary>Typed table: one row per Customer360 ID (profile, lifetime figures, version; tombstones of removed IDs).</summary>
    public const string Customer = PrivateSchema + ".customer";

    /// <summary>Typed table: customer x grain x period over all business units.</summary>
    public const string CustomerPeriod = PrivateSchema + ".customer_period";

    /// <summary>Typed table: customer x grain x period x business unit.</summary>
    public const string CustomerPeriodUnit = PrivateSchema + ".customer_period_unit";

    /// <summary>Typed table: each order's current version under the customer that reported it.</summary>
    public const string CustomerOrder = PrivateSchema + ".customer_order";

    /// <summary>Typed table: where each identifier resolves now.</summary>
    public const string IdentityLink = PrivateSchema + ".identity_link";

    /// <summary>Typed table: the records that linked identifiers (evidence of identity.links.v1), for <c>explain</c>.</summary>
    public const string IdentityEvidence = PrivateSchema + ".identity_evidence";

    /// <summary>Marten document alias of merges (<c>mt_doc_customer_alias</c>).</summary>
    public const string CustomerAliasAlias = "customer_alias";
    /// <summary>Marten document alias of rejected input records (<c>mt_doc_rejected_record</c>).</summary>
    public const string RejectedRecordAlias = "rejected_record";

    /// <summary>Single-row settings table (tier thresholds, as-of date) read by the population-wide views.</summary>
    public const string Settings = PrivateSchema + ".mart_settings";

    /// <summary>Single-row table of the pseudonym key's pads (<see cref="Storage.PseudonymKey"/>).</summary>
    public const string PseudonymKeyTable = PrivateSchema + ".pseudonym_key";

    /// <summary>Remembers which version of the mart view script is installed, so start-up only rebuilds views when it changed.</summary>
    public const string SchemaVersion = PrivateSchema + ".mart_schema_version";
}

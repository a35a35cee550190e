using CustomerStream.Projection.Documents;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The table layout of the projection's Marten documents (merges and rejected records; the hot rows are
/// typed tables, <see cref="ProjectionTableLayouts"/>): each column a mart view reads is duplicated into a
/// typed column.
/// </summary>
internal static class ProjectionDocuments
{
    public static readonly DocumentLayout<CustomerAliasDocument> Alias =
        new DocumentLayout<CustomerAliasDocument>(ProjectionTables.CustomerAliasAlias, x => x.Id)
            .Column(x => x.SurvivorId, "survivor_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Version, "version", NpgsqlDbType.Bigint, notNull: true)
            .Column(x => x.EventId, "event_id", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.MergedAt, "merged_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.Reason, "reason", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.LinkingIdentifier, "linking_identifier", NpgsqlDbType.Text)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Index("survivor_id");

    public static readonly DocumentLayout<RejectedRecordDocument> Rejected =
        new DocumentLayout<RejectedRecordDocument>(ProjectionTables.RejectedRecordAlias, x => x.Id)
            .Column(x => x.SourceSystem, "source_system", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Entity, "entity", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.InputRef, "input_ref", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.ReasonCode, "reason_code", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Reason, "reason", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.Raw, "raw", NpgsqlDbType.Text, notNull: true)
            .Column(x => x.RawBytes, "raw_bytes", NpgsqlDbType.Bytea)
            .Column(x => x.RejectedAt, "rejected_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Column(x => x.UpdatedAt, "updated_at", NpgsqlDbType.TimestampTz, notNull: true)
            .Index("reason_code");
}

using CustomerStream.Projection.Documents;
using JasperFx;
using Marten;
using Npgsql;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The Marten configuration of the projection: the documents written rarely (merges, rejected records) in
/// the private <see cref="ProjectionTables.PrivateSchema"/> schema, every column a mart view reads
/// duplicated into a typed column, so BI queries never parse JSON. Marten also creates and upgrades their
/// tables. The rows written per customer change are typed tables (Sql/tables.sql), see <see cref="ProjectionTableLayouts"/>.
/// </summary>
public static class ProjectionDocumentStore
{
    /// <summary>A document store over <paramref name="dataSource"/>. Schema objects are created by <see cref="MartSchemaMigrator"/>, never lazily on a write path.</summary>
    public static DocumentStore Create(NpgsqlDataSource dataSource) => DocumentStore.For(options => Configure(options, dataSource));

    public static void Configure(StoreOptions options, NpgsqlDataSource dataSource)
    {
        options.Connection(dataSource);
        options.DatabaseSchemaName = ProjectionTables.PrivateSchema;
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.UseSystemTextJsonForSerialization();

        // Every instant is UTC (ingest stores every timestamp in UTC): timestamptz columns bound from UTC DateTimes.
        options.Advanced.DuplicatedFieldUseTimestampWithoutTimeZoneForDateTime = false;

        // The documents carry their own updated_at; Marten's informational columns would only cost writes.
        options.Policies.DisableInformationalFields();

        options.Schema.For<CustomerAliasDocument>().DocumentAlias(ProjectionDocuments.Alias.Alias);
        options.Schema.For<RejectedRecordDocument>().DocumentAlias(ProjectionDocuments.Rejected.Alias);

        options.Policies.ForAllDocuments(mapping =>
        {
            var type = mapping.DocumentType;
            if (type == typeof(CustomerAliasDocument)) ProjectionDocuments.Alias.ApplyTo(mapping);
            else if (type == typeof(RejectedRecordDocument)) ProjectionDocuments.Rejected.ApplyTo(mapping);
        });
    }
}

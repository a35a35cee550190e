using CustomerStream.Projection.Documents;
using JasperFx;
using Marten;
using Npgsql;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The Marten configuration of the projection: one document type per mart grain in the private
/// <see cref="ProjectionTables.PrivateSchema"/> schema, every column a mart view reads duplicated into a
/// typed column, so BI queries never parse JSON.
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

        // Every instant is UTC (SPEC §6): timestamptz columns bound from UTC DateTimes.
        options.Advanced.DuplicatedFieldUseTimestampWithoutTimeZoneForDateTime = false;

        // The documents carry their own updated_at; Marten's informational columns would only cost writes.
        options.Policies.DisableInformationalFields();

        options.Schema.For<CustomerDocument>().DocumentAlias(ProjectionDocuments.Customer.Alias);
        options.Schema.For<CustomerPeriodDocument>().DocumentAlias(ProjectionDocuments.Period.Alias);
        options.Schema.For<CustomerPeriodUnitDocument>().DocumentAlias(ProjectionDocuments.PeriodUnit.Alias);
        options.Schema.For<OrderDocument>().DocumentAlias(ProjectionDocuments.Order.Alias);
        options.Schema.For<IdentityLinkDocument>().DocumentAlias(ProjectionDocuments.IdentityLink.Alias);
        options.Schema.For<CustomerAliasDocument>().DocumentAlias(ProjectionDocuments.Alias.Alias);
        options.Schema.For<RejectedRecordDocument>().DocumentAlias(ProjectionDocuments.Rejected.Alias);

        options.Policies.ForAllDocuments(mapping =>
        {
            var type = mapping.DocumentType;
            if (type == typeof(CustomerDocument)) ProjectionDocuments.Customer.ApplyTo(mapping);
            else if (type == typeof(CustomerPeriodDocument)) ProjectionDocuments.Period.ApplyTo(mapping);
            else if (type == typeof(CustomerPeriodUnitDocument)) ProjectionDocuments.PeriodUnit.ApplyTo(mapping);
            else if (type == typeof(OrderDocument)) ProjectionDocuments.Order.ApplyTo(mapping);
            else if (type == typeof(IdentityLinkDocument)) ProjectionDocuments.IdentityLink.ApplyTo(mapping);
            else if (type == typeof(CustomerAliasDocument)) ProjectionDocuments.Alias.ApplyTo(mapping);
            else if (type == typeof(RejectedRecordDocument)) ProjectionDocuments.Rejected.ApplyTo(mapping);
        });
    }
}

namespace CustomerStream.SchemaRegistry;

/// <summary>A schema as registered under a subject.</summary>
/// <param name="Subject">The subject, e.g. <c>ingest.orders.v1-value</c>.</param>
/// <param name="Version">Its version within the subject (1, 2, …).</param>
/// <param name="Id">Its global id, the one in the Confluent wire format; the same schema has the same id under every subject.</param>
/// <param name="Schema">The schema text (Avro JSON) as the registry stores it.</param>
public sealed record RegisteredSchema(string Subject, int Version, int Id, string Schema);

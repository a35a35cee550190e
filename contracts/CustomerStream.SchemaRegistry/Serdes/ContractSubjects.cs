using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>
/// Registers the contracts' schemas under their topics' subjects up front, so that a fresh registry
/// lists every public subject before the first message is produced, and so that an incompatible
/// schema change stops a deployment at start rather than at its first produce.
/// </summary>
public static class ContractSubjects
{
    /// <summary>
    /// Registers the value schema of each topic that has one (<c>&lt;topic&gt;-value</c>, the .avsc text
    /// as written); all topics of <see cref="Topics.All"/> when <paramref name="topics"/> is null.
    /// Idempotent. Returns the subjects with their schema ids.
    /// </summary>
    /// <exception cref="SchemaRegistryException">A schema is refused (the message names the subject and the fields).</exception>
    /// <exception cref="SchemaRegistryUnavailableException">The registry did not answer after the client's retries.</exception>
    public static async Task<IReadOnlyList<(string Subject, int SchemaId)>> RegisterAsync(
        ISchemaRegistryClient client,
        IEnumerable<TopicDefinition>? topics = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var registered = new List<(string, int)>();
        foreach (var topic in topics ?? Topics.All)
        {
            if (topic.ValueType is not { } type)
            {
                continue;
            }

            var subject = SubjectNames.ForValue(topic.Name);
            var schema = ContractSchemaSource.For(type);
            try
            {
                var id = await client.RegisterSchemaAsync(subject, new RegistrySchema(ContractSchemaSource.TextOf(schema), SchemaType.Avro), normalize: false)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
                registered.Add((subject, id));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                      && SchemaRegistryFailures.WithContext(e, $"register the schema of {schema.Fullname} under subject '{subject}'") is { } failure)
            {
                throw failure;
            }
        }

        return registered;
    }
}

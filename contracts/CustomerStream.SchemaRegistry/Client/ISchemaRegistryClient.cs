namespace CustomerStream.SchemaRegistry;

/// <summary>
/// A client of a Confluent-compatible Schema Registry. Modelled on Confluent's
/// <c>Confluent.SchemaRegistry.ISchemaRegistryClient</c> so that a real package can take its place.
/// Every method throws <see cref="SchemaRegistryException"/> when the registry refuses or cannot be reached.
/// </summary>
public interface ISchemaRegistryClient
{
    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/> (idempotent) and returns its global id.</summary>
    /// <remarks>Fails with error code 409 when the subject's compatibility level forbids it; the message names the fields.</remarks>
    Task<int> RegisterSchemaAsync(string subject, string schema, CancellationToken cancellationToken = default);

    /// <summary>The schema with global id <paramref name="id"/> (cached: ids never change meaning).</summary>
    Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>Version <paramref name="version"/> of <paramref name="subject"/>.</summary>
    Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default);

    /// <summary>The latest version of <paramref name="subject"/> (not cached).</summary>
    Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>The version of <paramref name="subject"/> that holds <paramref name="schema"/>, without registering it.</summary>
    Task<RegisteredSchema> LookupSchemaAsync(string subject, string schema, bool includeDeleted = false, CancellationToken cancellationToken = default);

    /// <summary>The global id of <paramref name="schema"/> under <paramref name="subject"/>, without registering it (cached).</summary>
    Task<int> GetSchemaIdAsync(string subject, string schema, CancellationToken cancellationToken = default);

    /// <summary>All subjects with at least one live version.</summary>
    Task<IReadOnlyList<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default);

    /// <summary>The live versions of <paramref name="subject"/>, ascending.</summary>
    Task<IReadOnlyList<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="schema"/> could be registered under <paramref name="subject"/>: checked
    /// against <paramref name="version"/> only, or, when null, against what the subject's level requires.
    /// </summary>
    Task<CompatibilityCheck> TestCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The compatibility level of <paramref name="subject"/> (falling back to the global one), or the global level when null.</summary>
    Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the compatibility level of <paramref name="subject"/>, or the global level when null.</summary>
    Task<CompatibilityLevel> UpdateCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes every version of <paramref name="subject"/> (soft, or permanently after a soft delete) and returns them.</summary>
    Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes one version of <paramref name="subject"/> (soft, or permanently after a soft delete).</summary>
    Task<int> DeleteSubjectVersionAsync(string subject, int version, bool permanent = false, CancellationToken cancellationToken = default);
}

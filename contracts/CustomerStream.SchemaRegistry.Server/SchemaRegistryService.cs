using System.Collections.Concurrent;
using System.Globalization;
using Avro;
using CustomerStream.SchemaRegistry.Compatibility;
using CustomerStream.SchemaRegistry.Rest;
using CustomerStream.SchemaRegistry.Server.Rest;
using CustomerStream.SchemaRegistry.Server.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>What the REST endpoints do, over the store: validation, identity, compatibility, deletion rules.</summary>
internal sealed partial class SchemaRegistryService(SchemaRegistryStore store, IOptions<SchemaRegistryServerOptions> options, ILogger<SchemaRegistryService> logger)
{
    private const int MaxSubjectLength = 255;

    // Ids never change meaning, so their parsed schemas are kept for compatibility checks.
    private readonly ConcurrentDictionary<int, Schema> _parsedById = new();
    private readonly CompatibilityLevel _defaultLevel = options.Value.DefaultCompatibility;

    public async Task<int> RegisterAsync(string subject, SchemaRequest request, CancellationToken cancellationToken)
    {
        CheckSubject(subject);
        var schema = ParseRequest(request);
        var outcome = await store.RegisterAsync(
            subject,
            schema.Fingerprint,
            schema.Canonical,
            _defaultLevel,
            (live, level) =>
            {
                var result = SchemaCompatibilityChecker.Check(level, schema.Schema, live.Select(v => (v.Version, Parsed(v))));
                if (!result.IsCompatible)
                {
                    throw Incompatible(subject, result);
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome.Created)
        {
            LogRegistered(logger, subject, outcome.Version, outcome.SchemaId);
        }

        return outcome.SchemaId;
    }

    public async Task<SubjectVersionResponse> LookupAsync(string subject, SchemaRequest request, bool includeDeleted, CancellationToken cancellationToken)
    {
        CheckSubject(subject);
        var schema = ParseRequest(request);
        var versions = Visible(await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false), includeDeleted);
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        var match = versions.LastOrDefault(v => v.SchemaText == schema.Canonical)
            ?? throw RegistryErrors.SchemaNotFound($"under subject '{subject}'");
        return ToResponse(match);
    }

    public async Task<string> GetSchemaByIdAsync(string id, CancellationToken cancellationToken)
    {
        var text = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var schemaId)
            ? await store.GetSchemaTextAsync(schemaId, cancellationToken).ConfigureAwait(false)
            : null;
        return text ?? throw RegistryErrors.SchemaNotFound($"{id}");
    }

    public async Task<IReadOnlyList<SubjectVersionRef>> GetUsagesAsync(string id, CancellationToken cancellationToken)
    {
        await GetSchemaByIdAsync(id, cancellationToken).ConfigureAwait(false);
        var usages = await store.GetUsagesAsync(int.Parse(id, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return usages.Select(u => new SubjectVersionRef(u.Subject, u.Version)).ToList();
    }

    public Task<IReadOnlyList<string>> GetSubjectsAsync(bool includeDeleted, CancellationToken cancellationToken) =>
        store.GetSubjectsAsync(includeDeleted, cancellationToken);

    public async Task<IReadOnlyList<int>> GetVersionsAsync(string subject, bool includeDeleted, CancellationToken cancellationToken)
    {
        var versions = Visible(await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false), includeDeleted);
        return versions.Count == 0 ? throw RegistryErrors.SubjectNotFound(subject) : versions.Select(v => v.Version).ToList();
    }

    public async Task<SubjectVersionResponse> GetVersionAsync(string subject, string version, bool includeDeleted, CancellationToken cancellationToken)
    {
        var wanted = ParseVersion(version);
        var versions = Visible(await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false), includeDeleted);
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        var found = wanted is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == wanted);
        return found is null ? throw RegistryErrors.VersionNotFound(subject, version) : ToResponse(found);
    }

    public async Task<CompatibilityResponse> TestCompatibilityAsync(string subject, string? version, SchemaRequest request, bool verbose, CancellationToken cancellationToken)
    {
        CheckSubject(subject);
        var wanted = version is null ? null : ParseVersion(version);
        var schema = ParseRequest(request);
        var live = Visible(await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false), includeDeleted: false);
        var level = await store.GetEffectiveLevelAsync(subject, _defaultLevel, cancellationToken).ConfigureAwait(false);

        IEnumerable<StoredVersion> against;
        if (version is null)
        {
            against = live;
        }
        else if (wanted is null)
        {
            // "latest" of a subject without versions: nothing to be incompatible with, as Confluent answers.
            against = live.TakeLast(1);
        }
        else
        {
            against = [live.FirstOrDefault(v => v.Version == wanted) ?? throw RegistryErrors.VersionNotFound(subject, version)];
        }

        // Against one named version, the level's direction applies without its transitivity.
        var effective = version is null ? level : NonTransitive(level);
        var result = SchemaCompatibilityChecker.Check(effective, schema.Schema, against.Select(v => (v.Version, Parsed(v))));
        return new CompatibilityResponse(result.IsCompatible, verbose ? result.Messages : null);
    }

    public async Task<CompatibilityLevel> GetLevelAsync(string? subject, bool defaultToGlobal, CancellationToken cancellationToken)
    {
        var configured = await store.GetConfiguredLevelAsync(subject, cancellationToken).ConfigureAwait(false);
        if (configured is { } level)
        {
            return level;
        }

        if (subject is not null && !defaultToGlobal)
        {
            throw RegistryErrors.SubjectCompatibilityNotConfigured(subject);
        }

        return await store.GetConfiguredLevelAsync(null, cancellationToken).ConfigureAwait(false) ?? _defaultLevel;
    }

    public async Task<CompatibilityLevel> SetLevelAsync(string? subject, ConfigUpdate update, CancellationToken cancellationToken)
    {
        if (subject is not null)
        {
            CheckSubject(subject);
        }

        if (!CompatibilityLevels.TryParse(update.Compatibility, out var level))
        {
            throw RegistryErrors.InvalidCompatibilityLevel(update.Compatibility);
        }

        await store.SetLevelAsync(subject, level, cancellationToken).ConfigureAwait(false);
        LogLevelSet(logger, subject ?? "(global)", level.ToRestName());
        return level;
    }

    public async Task<CompatibilityLevel> DeleteLevelAsync(string subject, CancellationToken cancellationToken) =>
        await store.DeleteLevelAsync(subject, cancellationToken).ConfigureAwait(false)
        ?? throw RegistryErrors.SubjectCompatibilityNotConfigured(subject);

    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken)
    {
        var versions = await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        if (permanent && versions.Any(v => !v.Deleted))
        {
            throw RegistryErrors.SubjectNotSoftDeleted(subject);
        }

        if (!permanent && versions.All(v => v.Deleted))
        {
            throw new RegistryException(404, SchemaRegistryErrorCodes.SubjectSoftDeleted,
                $"Subject '{subject}' was soft deleted. Set permanent=true to delete permanently.");
        }

        var deleted = await store.DeleteAsync(subject, null, permanent, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, subject, permanent ? "permanently" : "softly", string.Join(",", deleted));
        return deleted;
    }

    public async Task<int> DeleteVersionAsync(string subject, string version, bool permanent, CancellationToken cancellationToken)
    {
        var wanted = ParseVersion(version);
        var versions = await store.GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        // "latest" means the latest live version, as in Confluent.
        var target = wanted is null ? versions.LastOrDefault(v => !v.Deleted) : versions.FirstOrDefault(v => v.Version == wanted);
        if (target is null)
        {
            throw RegistryErrors.VersionNotFound(subject, version);
        }

        if (permanent && !target.Deleted)
        {
            throw RegistryErrors.VersionNotSoftDeleted(subject, target.Version);
        }

        if (!permanent && target.Deleted)
        {
            throw new RegistryException(404, SchemaRegistryErrorCodes.SchemaVersionSoftDeleted,
                $"Version {target.Version} of subject '{subject}' was soft deleted. Set permanent=true to delete permanently.");
        }

        await store.DeleteAsync(subject, target.Version, permanent, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, subject, permanent ? "permanently" : "softly", target.Version.ToString(CultureInfo.InvariantCulture));
        return target.Version;
    }

    private static ParsedSchema ParseRequest(SchemaRequest request)
    {
        if (request.SchemaType is { } type && !string.Equals(type, "AVRO", StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryErrors.InvalidSchema($"schema type '{type}' is not supported by this registry; only AVRO is.");
        }

        if (request.References is { Count: > 0 })
        {
            throw RegistryErrors.InvalidSchema("schema references are not supported by this registry; inline the referenced types.");
        }

        return ParsedSchema.Parse(request.Schema);
    }

    private Schema Parsed(StoredVersion version) =>
        _parsedById.GetOrAdd(version.SchemaId, static (_, text) => Schema.Parse(text), version.SchemaText);

    private static List<StoredVersion> Visible(IReadOnlyList<StoredVersion> versions, bool includeDeleted) =>
        versions.Where(v => includeDeleted || !v.Deleted).ToList();

    /// <summary>The version number, or null for "latest" (also spelled -1).</summary>
    private static int? ParseVersion(string version)
    {
        if (version is "latest" or "-1")
        {
            return null;
        }

        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw RegistryErrors.InvalidVersion(version);
    }

    private static void CheckSubject(string subject)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubjectLength || subject.Any(char.IsControl))
        {
            throw RegistryErrors.InvalidSubject(subject);
        }
    }

    private static CompatibilityLevel NonTransitive(CompatibilityLevel level) => level switch
    {
        CompatibilityLevel.BackwardTransitive => CompatibilityLevel.Backward,
        CompatibilityLevel.ForwardTransitive => CompatibilityLevel.Forward,
        CompatibilityLevel.FullTransitive => CompatibilityLevel.Full,
        _ => level,
    };

    private static RegistryException Incompatible(string subject, CompatibilityResult result) =>
        new(409, SchemaRegistryErrorCodes.IncompatibleSchema,
            $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\" " +
            $"(compatibility {result.Level.ToRestName()}; fields: {string.Join(", ", result.Fields.DefaultIfEmpty("(none)"))}): " +
            string.Join("; ", result.Messages));

    private static SubjectVersionResponse ToResponse(StoredVersion version) =>
        new(version.Subject, version.Version, version.SchemaId, version.SchemaText);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered version {Version} of subject {Subject} as schema id {SchemaId}")]
    private static partial void LogRegistered(ILogger logger, string subject, int version, int schemaId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compatibility of {Subject} set to {Level}")]
    private static partial void LogLevelSet(ILogger logger, string subject, string level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted subject {Subject} {How}: versions {Versions}")]
    private static partial void LogDeleted(ILogger logger, string subject, string how, string versions);
}

using CustomerStream.SchemaRegistry.Rest;
using CustomerStream.SchemaRegistry.Server.Rest;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>The registry's refusals, worded like Confluent's where clients may match on them.</summary>
internal static class RegistryErrors
{
    public static RegistryException SubjectNotFound(string subject) =>
        new(404, SchemaRegistryErrorCodes.SubjectNotFound, $"Subject '{subject}' not found.");

    public static RegistryException VersionNotFound(string subject, string version) =>
        new(404, SchemaRegistryErrorCodes.VersionNotFound, $"Version {version} not found for subject '{subject}'.");

    public static RegistryException SchemaNotFound(string what) =>
        new(404, SchemaRegistryErrorCodes.SchemaNotFound, $"Schema {what} not found.");

    public static RegistryException SubjectNotSoftDeleted(string subject) =>
        new(404, SchemaRegistryErrorCodes.SubjectNotSoftDeleted,
            $"Subject '{subject}' was not deleted first before being permanently deleted (DELETE it without permanent=true first).");

    public static RegistryException VersionNotSoftDeleted(string subject, int version) =>
        new(404, SchemaRegistryErrorCodes.SchemaVersionNotSoftDeleted,
            $"Version {version} of subject '{subject}' was not deleted first before being permanently deleted (DELETE it without permanent=true first).");

    public static RegistryException SubjectCompatibilityNotConfigured(string subject) =>
        new(404, SchemaRegistryErrorCodes.SubjectLevelCompatibilityNotConfigured,
            $"Subject '{subject}' does not have subject-level compatibility configured (add ?defaultToGlobal=true to get the global level).");

    public static RegistryException InvalidSchema(string reason) =>
        new(422, SchemaRegistryErrorCodes.InvalidSchema, $"Invalid schema: {reason}");

    public static RegistryException InvalidVersion(string version) =>
        new(422, SchemaRegistryErrorCodes.InvalidVersion,
            $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\".");

    public static RegistryException InvalidCompatibilityLevel(string? level) =>
        new(422, SchemaRegistryErrorCodes.InvalidCompatibilityLevel,
            $"Invalid compatibility level '{level}'. Valid values are {string.Join(", ", CompatibilityLevels.AllNames)}.");

    public static RegistryException InvalidSubject(string subject) =>
        new(422, SchemaRegistryErrorCodes.InvalidSubject, $"Invalid subject '{subject}': it must be non-empty text without control characters, at most 255 characters.");

    public static RegistryException BadRequest(string reason) => new(400, 400, reason);
}

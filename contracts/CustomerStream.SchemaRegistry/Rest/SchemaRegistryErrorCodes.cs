namespace CustomerStream.SchemaRegistry.Rest;

/// <summary>Confluent Schema Registry's <c>error_code</c> values (HTTP status times 100 plus a number, or the status itself).</summary>
public static class SchemaRegistryErrorCodes
{
    /// <summary>The subject has no (live) version.</summary>
    public const int SubjectNotFound = 40401;

    /// <summary>The subject has no such version.</summary>
    public const int VersionNotFound = 40402;

    /// <summary>No schema with that id, or the schema is not registered under the subject.</summary>
    public const int SchemaNotFound = 40403;

    /// <summary>The subject was already soft-deleted.</summary>
    public const int SubjectSoftDeleted = 40404;

    /// <summary>A permanent delete of a subject that was not soft-deleted first.</summary>
    public const int SubjectNotSoftDeleted = 40405;

    /// <summary>The version was already soft-deleted.</summary>
    public const int SchemaVersionSoftDeleted = 40406;

    /// <summary>A permanent delete of a version that was not soft-deleted first.</summary>
    public const int SchemaVersionNotSoftDeleted = 40407;

    /// <summary>The subject has no compatibility level of its own (ask with <c>defaultToGlobal=true</c>).</summary>
    public const int SubjectLevelCompatibilityNotConfigured = 40408;

    /// <summary>The schema is incompatible with earlier versions at the subject's level.</summary>
    public const int IncompatibleSchema = 409;

    /// <summary>The schema is not valid Avro (or uses something this registry does not support).</summary>
    public const int InvalidSchema = 42201;

    /// <summary>The version is neither a number from 1 to 2^31-1 nor <c>latest</c>.</summary>
    public const int InvalidVersion = 42202;

    /// <summary>The compatibility level is not one of the seven names.</summary>
    public const int InvalidCompatibilityLevel = 42203;

    /// <summary>The subject name is empty, too long or has control characters.</summary>
    public const int InvalidSubject = 42208;

    /// <summary>The registry's store failed.</summary>
    public const int StoreError = 50001;

    /// <summary>The registry's store did not answer in time.</summary>
    public const int OperationTimeout = 50002;
}

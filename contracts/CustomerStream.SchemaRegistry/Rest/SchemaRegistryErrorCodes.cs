namespace CustomerStream.SchemaRegistry.Rest;

/// <summary>Confluent Schema Registry's <c>error_code</c> values (HTTP status times 100 plus a number, or the status itself).</summary>
public static class SchemaRegistryErrorCodes
{
    public const int SubjectNotFound = 40401;
    public const int VersionNotFound = 40402;
    public const int SchemaNotFound = 40403;
    public const int SubjectSoftDeleted = 40404;
    public const int SubjectNotSoftDeleted = 40405;
    public const int SchemaVersionSoftDeleted = 40406;
    public const int SchemaVersionNotSoftDeleted = 40407;
    public const int SubjectLevelCompatibilityNotConfigured = 40408;
    public const int IncompatibleSchema = 409;
    public const int InvalidSchema = 42201;
    public const int InvalidVersion = 42202;
    public const int InvalidCompatibilityLevel = 42203;
    public const int StoreError = 50001;
    public const int OperationTimeout = 50002;
}

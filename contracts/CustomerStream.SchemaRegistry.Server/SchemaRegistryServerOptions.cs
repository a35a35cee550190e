using System.ComponentModel.DataAnnotations;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>Settings of the embedded Schema Registry (configuration section <c>SchemaRegistryServer</c>).</summary>
public sealed class SchemaRegistryServerOptions
{
    /// <summary>Npgsql connection string of the database that stores the schemas.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>PostgreSQL schema that holds the registry's tables (created on start when missing).</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "DatabaseSchema must be a lower-case SQL identifier.")]
    public string DatabaseSchema { get; set; } = "schema_registry";

    /// <summary>Compatibility level of subjects without one, until <c>PUT /config</c> sets a global level.</summary>
    public CompatibilityLevel DefaultCompatibility { get; set; } = CompatibilityLevel.Backward;

    /// <summary>Address the embedded server listens on; loopback by default, so nothing outside the machine reaches it.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port the embedded server listens on; 0 picks a free one (the embedded registry reports the one it got).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }
}

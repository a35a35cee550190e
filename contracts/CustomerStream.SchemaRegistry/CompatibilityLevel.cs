namespace CustomerStream.SchemaRegistry;

/// <summary>
/// Schema Registry compatibility levels. BACKWARD: the new schema reads data written with the latest
/// one (consumers upgrade first). FORWARD: the latest schema reads data written with the new one
/// (producers upgrade first). FULL: both. TRANSITIVE: against every earlier version, not only the latest.
/// </summary>
public enum CompatibilityLevel
{
    /// <summary>No check.</summary>
    None,

    /// <summary>The new schema can read data written with the latest version (the registry default).</summary>
    Backward,

    /// <summary>The new schema can read data written with every earlier version.</summary>
    BackwardTransitive,

    /// <summary>The latest version can read data written with the new schema.</summary>
    Forward,

    /// <summary>Every earlier version can read data written with the new schema.</summary>
    ForwardTransitive,

    /// <summary>Backward and forward with the latest version.</summary>
    Full,

    /// <summary>Backward and forward with every earlier version.</summary>
    FullTransitive,
}

namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>Which way a compatibility check reads.</summary>
public enum CompatibilityDirection
{
    /// <summary>The new schema reads data written with an earlier version (the backward check).</summary>
    NewReadsOld,

    /// <summary>An earlier version reads data written with the new schema (the forward check).</summary>
    OldReadsNew,
}

namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>One incompatibility between a candidate schema and one earlier version.</summary>
/// <param name="Version">The earlier version it concerns.</param>
/// <param name="Direction">Which side could not read which.</param>
/// <param name="Incompatibility">The reason, naming the field.</param>
public sealed record CompatibilityViolation(int Version, CompatibilityDirection Direction, SchemaIncompatibility Incompatibility)
{
    /// <summary>One line for an operator: which check, which version, which field, why.</summary>
    public override string ToString() =>
        Direction == CompatibilityDirection.NewReadsOld
            ? $"the new schema cannot read data written with version {Version}: {Incompatibility}"
            : $"consumers on version {Version} cannot read data written with the new schema: {Incompatibility}";
}

using Avro;

namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>
/// Checks a candidate schema against the earlier versions of a subject at a compatibility level:
/// the latest version only, or every version for the transitive levels. Pure.
/// </summary>
public static class SchemaCompatibilityChecker
{
    /// <summary>Checks <paramref name="candidate"/> against <paramref name="earlier"/> (any order) at <paramref name="level"/>.</summary>
    public static CompatibilityResult Check(CompatibilityLevel level, Schema candidate, IEnumerable<(int Version, Schema Schema)> earlier)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var versions = earlier.OrderByDescending(v => v.Version).ToList();
        if (level == CompatibilityLevel.None || versions.Count == 0)
        {
            return new CompatibilityResult(level, []);
        }

        var against = level.IsTransitive() ? versions : versions.Take(1).ToList();
        var violations = new List<CompatibilityViolation>();
        foreach (var (version, schema) in against)
        {
            if (level.ChecksBackward())
            {
                violations.AddRange(AvroSchemaCompatibility.CanRead(candidate, schema, "the new schema", $"version {version}")
                    .Select(i => new CompatibilityViolation(version, CompatibilityDirection.NewReadsOld, i)));
            }

            if (level.ChecksForward())
            {
                violations.AddRange(AvroSchemaCompatibility.CanRead(schema, candidate, $"version {version}", "the new schema")
                    .Select(i => new CompatibilityViolation(version, CompatibilityDirection.OldReadsNew, i)));
            }
        }

        return new CompatibilityResult(level, violations);
    }
}

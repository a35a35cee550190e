namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>The outcome of checking a candidate schema against a subject's earlier versions at a level.</summary>
public sealed class CompatibilityResult
{
    internal CompatibilityResult(CompatibilityLevel level, IReadOnlyList<CompatibilityViolation> violations)
    {
        Level = level;
        Violations = violations;
    }

    /// <summary>The level that was checked.</summary>
    public CompatibilityLevel Level { get; }

    /// <summary>Every violation found, newest version first; empty when compatible.</summary>
    public IReadOnlyList<CompatibilityViolation> Violations { get; }

    /// <summary>Whether the candidate may be registered.</summary>
    public bool IsCompatible => Violations.Count == 0;

    /// <summary>Field names involved in the violations (e.g. <c>loyalty_tier</c>), for short messages.</summary>
    public IReadOnlyList<string> Fields =>
        Violations.Select(v => v.Incompatibility.Field).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>One line per violation, for REST messages and logs.</summary>
    public IReadOnlyList<string> Messages => Violations.Select(v => v.ToString()).ToList();
}

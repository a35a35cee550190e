namespace CustomerStream.SchemaRegistry;

/// <summary>The registry's verdict on a candidate schema.</summary>
/// <param name="IsCompatible">Whether it could be registered.</param>
/// <param name="Messages">Why not, one line per problem naming the field (empty when compatible).</param>
public sealed record CompatibilityCheck(bool IsCompatible, IReadOnlyList<string> Messages);

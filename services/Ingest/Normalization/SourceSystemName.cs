using System.Runtime.CompilerServices;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// The rule for source system names (and a web event's <c>user_source</c>): a lower-case token of
/// letters, digits, <c>_</c> and <c>-</c>, starting with a letter, at most 64 characters, and not
/// one of the reserved identifier namespaces (<c>email</c>, <c>device</c>, <c>cookie</c>), because
/// it becomes the namespace of identifiers like <c>crm:123</c>.
/// </summary>
public static class SourceSystemName
{
    public const int MaxLength = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return !Identifier.ReservedNamespaces.Contains(name);
    }

    /// <summary>Trims and lower-cases <paramref name="raw"/>; returns the name when it is valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryNormalize(string raw, out string name, out string? problem)
    {
        name = raw.Trim().ToLowerInvariant();
        if (Identifier.ReservedNamespaces.Contains(name))
        {
            problem = $"'{name}' is reserved for identifiers and cannot name a source system";
            return false;
        }

        if (!IsValid(name))
        {
            problem = $"'{Describe(raw)}' is not a lower-case token (letters, digits, _ or -, starting with a letter, at most {MaxLength} characters)";
            return false;
        }

        problem = null;
        return true;
    }

    private static string Describe(string raw) => raw.Length <= 80 ? raw : string.Concat(raw.AsSpan(0, 80), "…");
}

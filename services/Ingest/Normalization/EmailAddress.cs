using System.Runtime.CompilerServices;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// E-mail normalization of the contract (trim, lower-case) with a practical validity check, lighter
/// than RFC 5322 on purpose: exactly one <c>@</c>; a local part of at most 64 characters made of
/// letters, digits and <c>!#$%&amp;'*+/=?^_`{|}~.-</c>, not starting or ending with a dot and without
/// two dots in a row; a domain of at most 253 characters with at least one dot, whose labels are
/// 1–63 letters, digits or hyphens not starting or ending with a hyphen, the last label at least two
/// characters and not all digits; no white space anywhere. Letters may be non-ASCII (internationalized
/// addresses). Quoted local parts and IP-literal domains are treated as malformed: they do not occur
/// in customer data, and a malformed address is kept (never dropped), just never used to link.
/// </summary>
public static class EmailAddress
{
    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~.-";

    /// <summary>The outcome for one raw value.</summary>
    /// <param name="Normalized">Trimmed, lower-case address when valid, else null.</param>
    /// <param name="Raw">The value exactly as received; null when empty or white space only.</param>
    /// <param name="IsValid">Whether <paramref name="Raw"/> is a well-formed address.</param>
    public readonly record struct Result(string? Normalized, string? Raw, bool IsValid);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Result Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new Result(null, null, false);
        }

        var candidate = raw.Trim().ToLowerInvariant();
        return IsWellFormed(candidate) ? new Result(candidate, raw, true) : new Result(null, raw, false);
    }

    /// <summary>Whether an already trimmed address is well-formed by the rules above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsWellFormed(ReadOnlySpan<char> address)
    {
        if (address.Length is < 3 or > 254)
        {
            return false;
        }

        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@'))
        {
            return false;
        }

        return IsValidLocal(address[..at]) && IsValidDomain(address[(at + 1)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsValidLocal(ReadOnlySpan<char> local)
    {
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!char.IsLetterOrDigit(c) && !LocalSpecials.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length is < 3 or > 253 || domain.IndexOf('.') < 0)
        {
            return false;
        }

        ReadOnlySpan<char> last = default;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            last = label;
        }

        if (last.Length < 2)
        {
            return false;
        }

        foreach (var c in last)
        {
            if (!char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}

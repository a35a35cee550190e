using System.Collections.Frozen;

namespace CustomerStream.Ingest.Normalization;

/// <summary>ISO 4217 currency codes; input is trimmed and upper-cased (<c>eur</c> → <c>EUR</c>).</summary>
public static class CurrencyCodes
{
    private static readonly FrozenSet<string> Codes =
        EmbeddedData.Lines("iso4217.txt").Select(f => f[0]).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The upper-case code when <paramref name="text"/> is a known ISO 4217 code.</summary>
    public static bool TryNormalize(string? text, out string code)
    {
        code = text?.Trim().ToUpperInvariant() ?? "";
        return code.Length == 3 && Codes.Contains(code);
    }
}

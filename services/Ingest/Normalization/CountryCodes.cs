using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// Maps country text to ISO 3166-1 alpha-2 (contract §6): alpha-2 codes, alpha-3 codes, ISO short,
/// common and official names and a few everyday aliases (<c>UK</c>, <c>USA</c>, <c>Deutschland</c>),
/// compared without case, accents, dots or extra spaces. Unrecognized text is kept as received.
/// </summary>
public static class CountryCodes
{
    private static readonly FrozenDictionary<string, string> Lookup = Load();

    /// <summary>The alpha-2 code for <paramref name="text"/>, or null when it is not recognized.</summary>
    public static string? ToAlpha2(string text) => Lookup.GetValueOrDefault(Key(text));

    /// <summary>The country value to store: the alpha-2 code when recognized, else the trimmed text; null when empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return ToAlpha2(text) ?? text.Trim();
    }

    private static string Key(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == '.')
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '-' or '_')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    private static FrozenDictionary<string, string> Load()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in EmbeddedData.Lines("iso3166-1.tsv"))
        {
            var alpha2 = fields[0];
            foreach (var name in fields)
            {
                map.TryAdd(Key(name), alpha2);
            }
        }

        foreach (var fields in EmbeddedData.Lines("country-aliases.tsv"))
        {
            map.TryAdd(Key(fields[0]), fields[1]);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

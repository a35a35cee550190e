using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

internal static class EnumSymbols
{
    /// <summary>Index of the symbol named like a .NET enum member: exact first, then ignoring case when that is unambiguous.</summary>
    public static int IndexOf(EnumSchema schema, string name)
    {
        var exact = schema.Symbols.IndexOf(name);
        if (exact >= 0)
        {
            return exact;
        }

        var matches = schema.Symbols.Select((s, i) => (s, i)).Where(p => string.Equals(p.s, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0].i : -1;
    }
}

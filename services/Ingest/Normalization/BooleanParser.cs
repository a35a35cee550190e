using System.Runtime.CompilerServices;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Flags as the input formats write them: true/false, 1/0, yes/no, any case.</summary>
public static class BooleanParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        var s = text.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1" || s.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0" || s.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}

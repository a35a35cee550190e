namespace CustomerStream.Streaming.State;

internal static class KeyRanges
{
    /// <summary>
    /// The smallest key greater than every key that starts with <paramref name="prefix"/>, or <c>null</c>
    /// when there is none (empty prefix or all 0xFF), which callers read as an open upper bound.
    /// </summary>
    public static byte[]? PrefixUpperBound(ReadOnlySpan<byte> prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != 0xFF)
            {
                var bound = prefix[..(i + 1)].ToArray();
                bound[i]++;
                return bound;
            }
        }

        return null;
    }
}

using System.Text;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// The strings that recur across customer states — sources, currencies, business units, categories,
/// event types, sessions, e-mail addresses — as one instance per value while it stays in this thread's
/// small cache, so that decoding a state does not allocate them again every batch. Direct-mapped by a
/// hash of the UTF-8 bytes: a collision replaces the slot, a miss decodes as usual.
/// </summary>
internal static class SharedStrings
{
    private const int SlotCount = 4096;
    private const int MaxBytes = 64;

    [ThreadStatic]
    private static string?[]? t_slots;

    /// <summary>This thread's cache (look it up once per document: thread statics cost a lookup each).</summary>
    public static string?[] Slots() => t_slots ??= new string?[SlotCount];

    public static string Get(string?[] slots, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes || utf8.IsEmpty)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref slots[Hash(utf8) & (SlotCount - 1)];
        // A cached string equal to the bytes as ASCII is the same string (non-ASCII values just miss).
        if (slot is { } cached && System.Text.Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var value = Encoding.UTF8.GetString(utf8);
        slot = value;
        return value;
    }

    /// <summary>FNV-1a: short strings, so a byte loop is as fast as anything.</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}

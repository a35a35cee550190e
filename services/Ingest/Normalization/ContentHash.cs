using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// Builds <c>record_hash</c>: hex SHA-256 over an unambiguous encoding of the normalized fields (each
/// value is a type tag, a length and its bytes), so equal content — an exact re-send — gives an
/// equal hash and no two different contents collide by concatenation. Uses a per-thread buffer:
/// hashing is on the hot path of every record.
/// </summary>
internal ref struct ContentHash
{
    // A decimal has at most 29 digits, a point and a sign.
    private const int MaxDecimalChars = 31;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private byte[] _buffer;
    private int _length;

    public ContentHash()
    {
        _buffer = t_buffer ??= new byte[2048];
        _length = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(string? value)
    {
        if (value is null)
        {
            Tag(0);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(5 + max);
        _buffer[_length++] = 1;
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(DateTime? utc)
    {
        if (utc is null)
        {
            Tag(0);
            return;
        }

        Add(utc.Value.Ticks / TimeSpan.TicksPerMillisecond);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long value)
    {
        Ensure(9);
        _buffer[_length++] = 2;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int? value)
    {
        if (value is null)
        {
            Tag(0);
            return;
        }

        Add((long)value.Value);
    }

    public void Add(bool value) => Tag(value ? (byte)3 : (byte)4);

    /// <summary>Adds a decimal by value: 10.5 and 10.50 hash alike (as the text <see cref="FormatCanonical"/> writes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(decimal value)
    {
        // Written as a string would be (tag, length, UTF-8), straight into the buffer.
        Ensure(5 + MaxDecimalChars);
        _buffer[_length++] = 1;
        var written = FormatCanonical(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 without trailing fraction zeros (the text of
    /// <c>value.ToString("0.############################", InvariantCulture)</c>, which is several times slower);
    /// returns the bytes written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FormatCanonical(decimal value, Span<byte> destination)
    {
        if (value < 0)
        {
            // Amounts are never negative; negative values (and a negative zero) keep the format's own rendering.
            return Encoding.UTF8.GetBytes(value.ToString("0.############################", CultureInfo.InvariantCulture), destination);
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        var normalized = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), false, scale);
        normalized.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(IReadOnlyDictionary<string, string> map)
    {
        Add((long)map.Count);
        if (map.Count == 0)
        {
            return;
        }

        var keys = new string[map.Count];
        var i = 0;
        foreach (var key in map.Keys)
        {
            keys[i++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            Add(key);
            Add(map[key]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly string Finish()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), hash);
        return Convert.ToHexStringLower(hash);
    }

    private void Tag(byte tag)
    {
        Ensure(1);
        _buffer[_length++] = tag;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = new byte[Math.Max(_buffer.Length * 2, _length + extra)];
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        _buffer = bigger;
        t_buffer = bigger;
    }
}

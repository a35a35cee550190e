using System.Buffers.Binary;
using System.Text;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// A compact little binary writer: LEB128 varints (zigzag for signed), length-prefixed UTF-8, and a
/// per-document string table for values that repeat (sessions, event types, sources, currencies).
/// </summary>
internal sealed class StateWriter
{
    private readonly Dictionary<string, int> _table = new(StringComparer.Ordinal);
    private byte[] _buffer;
    private int _position;

    public StateWriter(int capacity = 256)
    {
        _buffer = new byte[capacity];
    }

    public int Length => _position;

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    public void Reset()
    {
        _position = 0;
        _table.Clear();
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteVarULong(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    public void WriteVarLong(long value) => WriteVarULong((ulong)((value << 1) ^ (value >> 63)));

    public void WriteCount(int count) => WriteVarULong((uint)count);

    /// <summary>0 = null, n + 1 = a string of n UTF-8 bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        WriteBytes(value, 1);
    }

    /// <summary>0 = null, 1 = a new string (then length and bytes), k + 2 = the k-th new string of this document.</summary>
    public void WriteShared(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        if (_table.TryGetValue(value, out var index))
        {
            WriteVarULong((ulong)index + 2);
            return;
        }

        _table.Add(value, _table.Count);
        WriteByte(1);
        WriteBytes(value, 0);
    }

    /// <summary>
    /// An instant in the coarsest exact unit, shifted left by two bits that say which: seconds or
    /// milliseconds since 1970 (zig-zag; everything that came through Avro timestamp-millis is exact in
    /// milliseconds), else the plain ticks (never negative, so every DateTime fits).
    /// </summary>
    public void WriteTime(DateTime value) => WriteVarULong(Time(value));

    /// <summary>0 = null, otherwise <see cref="WriteTime"/>'s value + 1.</summary>
    public void WriteNullableTime(DateTime? value) => WriteVarULong(value is { } v ? Time(v) + 1 : 0);

    /// <summary>A record hash: 64 lower-case hex digits (a SHA-256) as 0 and their 32 bytes, anything else as a string.</summary>
    public void WriteHash(string value)
    {
        if (value.Length == 64 && IsLowerHex(value))
        {
            Ensure(33);
            _buffer[_position++] = 0;
            Convert.FromHexString(value, _buffer.AsSpan(_position, 32), out _, out _);
            _position += 32;
            return;
        }

        WriteBytes(value, 1);
    }

    public void WriteNullableInt(int? value) => WriteVarULong(value is { } v ? ((ulong)(uint)((v << 1) ^ (v >> 31))) + 1 : 0);

    /// <summary>
    /// Header byte (scale in bits 0-4, sign in bit 5, "wide" in bit 6), then the low 64 bits of the
    /// mantissa as a varint, then the high 32 bits when wide. Money amounts fit the narrow form.
    /// </summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0x1F;
        var negative = bits[3] < 0;
        var wide = bits[2] != 0;
        WriteByte((byte)(scale | (negative ? 0x20 : 0) | (wide ? 0x40 : 0)));
        WriteVarULong(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        if (wide)
        {
            WriteVarULong((uint)bits[2]);
        }
    }

    public void WriteNullableDecimal(decimal? value)
    {
        WriteBool(value.HasValue);
        if (value is { } v)
        {
            WriteDecimal(v);
        }
    }

    public void WriteInt64Fixed(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    /// <summary>
    /// The length (plus <paramref name="lengthOffset"/>) as a varint, then the UTF-8 bytes. Transcodes once,
    /// behind a one-byte length; a longer length (128 bytes and up) moves the bytes along.
    /// </summary>
    private void WriteBytes(string value, ulong lengthOffset)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 10);
        var start = _position;
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(start + 1));
        var prefix = (ulong)written + lengthOffset;
        if (prefix < 0x80)
        {
            _buffer[start] = (byte)prefix;
            _position = start + 1 + written;
            return;
        }

        var prefixLength = 1;
        for (var rest = prefix >> 7; rest != 0; rest >>= 7)
        {
            prefixLength++;
        }

        _buffer.AsSpan(start + 1, written).CopyTo(_buffer.AsSpan(start + prefixLength));
        WriteVarULong(prefix);
        _position = start + prefixLength + written;
    }

    private static ulong Time(DateTime value)
    {
        var ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return ((ulong)value.Ticks << 2) | 2;
        }

        var (number, unit) = ticks % TimeSpan.TicksPerSecond == 0 ? (ticks / TimeSpan.TicksPerSecond, 0UL) : (ticks / TimeSpan.TicksPerMillisecond, 1UL);
        var zigzag = (ulong)((number << 1) ^ (number >> 63));
        return (zigzag << 2) | unit;
    }

    private static bool IsLowerHex(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private void Ensure(int bytes)
    {
        if (_position + bytes <= _buffer.Length)
        {
            return;
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + bytes));
    }
}

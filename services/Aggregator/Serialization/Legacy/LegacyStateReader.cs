using System.Text;

namespace CustomerStream.Aggregator.Serialization.Legacy;

/// <summary>
/// Reads the hand-written binary format of versions 1 and 2 (LEB128 varints, zig-zag for signed, length-prefixed
/// UTF-8, a per-document string table), which this release no longer writes.
/// </summary>
internal ref struct LegacyStateReader
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly ReadOnlySpan<byte> _data;
    private readonly List<string> _table;
    private readonly byte _version;
    private int _position;

    /// <param name="data">The encoded document, after its version byte.</param>
    /// <param name="version">The document's format version (1 or 2).</param>
    public LegacyStateReader(ReadOnlySpan<byte> data, byte version)
    {
        _data = data;
        _table = [];
        _version = version;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte() => _data[_position++];

    public bool ReadBool() => ReadByte() != 0;

    public ulong ReadVarULong()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }

            shift += 7;
            if (shift > 63)
            {
                throw new InvalidDataException("varint longer than 64 bits");
            }
        }
    }

    public long ReadVarLong()
    {
        var raw = ReadVarULong();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadCount()
    {
        var count = ReadVarULong();
        if (count > (ulong)(_data.Length - _position))
        {
            // Every element takes at least one byte: a larger count can only be corruption.
            throw new InvalidDataException($"count {count} exceeds the remaining {_data.Length - _position} bytes");
        }

        return (int)count;
    }

    public string? ReadString()
    {
        var length = ReadVarULong();
        return length == 0 ? null : ReadUtf8((int)(length - 1));
    }

    public string ReadRequiredString() => ReadString() ?? throw new InvalidDataException("unexpected null string");

    /// <summary>0 = null, 1 = a new string (then length and bytes), k + 2 = the k-th new string of this document.</summary>
    public string? ReadShared()
    {
        var tag = ReadVarULong();
        switch (tag)
        {
            case 0:
                return null;
            case 1:
                var length = (int)ReadVarULong();
                var value = ReadUtf8(length);
                _table.Add(value);
                return value;
            default:
                var index = (int)(tag - 2);
                if (index >= _table.Count)
                {
                    throw new InvalidDataException($"string reference {index} before its definition");
                }

                return _table[index];
        }
    }

    public string ReadRequiredShared() => ReadShared() ?? throw new InvalidDataException("unexpected null string");

    /// <summary>A string that is shared since version 2 and was written inline before.</summary>
    public string? ReadText() => _version >= 2 ? ReadShared() : ReadString();

    public string ReadRequiredText() => ReadText() ?? throw new InvalidDataException("unexpected null string");

    /// <summary>An instant: ticks in version 1; since version 2 seconds or milliseconds since 1970 (zig-zag) or ticks, the low two bits saying which.</summary>
    public DateTime ReadTime() => _version >= 2 ? Time(ReadVarULong()) : ReadDateTime();

    /// <summary>0 = null, otherwise <see cref="ReadTime"/>'s value + 1.</summary>
    public DateTime? ReadNullableTime()
    {
        if (_version < 2)
        {
            return ReadNullableDateTime();
        }

        var raw = ReadVarULong();
        return raw == 0 ? null : Time(raw - 1);
    }

    /// <summary>A record hash: 0 then 32 bytes for one of 64 lower-case hex digits (version 2 on), else a string.</summary>
    public string ReadHash()
    {
        if (_version < 2)
        {
            return ReadRequiredString();
        }

        var tag = ReadVarULong();
        if (tag != 0)
        {
            return ReadUtf8((int)(tag - 1));
        }

        var hex = Convert.ToHexStringLower(_data.Slice(_position, 32));
        _position += 32;
        return hex;
    }

    public DateTime ReadDateTime() => new((long)ReadVarULong(), DateTimeKind.Utc);

    private static DateTime Time(ulong raw)
    {
        var unit = raw & 3;
        if (unit == 2)
        {
            return new DateTime((long)(raw >> 2), DateTimeKind.Utc);
        }

        var zigzag = raw >> 2;
        var value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        return unit switch
        {
            0 => new DateTime(UnixEpochTicks + (value * TimeSpan.TicksPerSecond), DateTimeKind.Utc),
            1 => new DateTime(UnixEpochTicks + (value * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            _ => throw new InvalidDataException("unknown time unit"),
        };
    }

    public DateTime? ReadNullableDateTime()
    {
        var raw = ReadVarULong();
        return raw == 0 ? null : new DateTime((long)(raw - 1), DateTimeKind.Utc);
    }

    public int? ReadNullableInt()
    {
        var raw = ReadVarULong();
        if (raw == 0)
        {
            return null;
        }

        var zigzag = (uint)(raw - 1);
        return (int)(zigzag >> 1) ^ -(int)(zigzag & 1);
    }

    public decimal ReadDecimal()
    {
        var header = ReadByte();
        var low = ReadVarULong();
        var high = (header & 0x40) != 0 ? (int)(uint)ReadVarULong() : 0;
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), high, (header & 0x20) != 0, (byte)(header & 0x1F));
    }

    public decimal? ReadNullableDecimal() => ReadBool() ? ReadDecimal() : null;

    private string ReadUtf8(int length)
    {
        var value = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return value;
    }
}

using System.Text;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>Reads what <see cref="StateWriter"/> wrote.</summary>
internal ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly List<string> _table;
    private int _position;

    public StateReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _table = [];
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

    public string? ReadShared()
    {
        var tag = ReadVarULong();
        switch (tag)
        {
            case 0:
                return null;
            case 1:
                var value = ReadUtf8((int)ReadVarULong());
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

    public DateTime ReadDateTime() => new((long)ReadVarULong(), DateTimeKind.Utc);

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

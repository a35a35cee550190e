using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// Reads Avro binary from a span without copying it. Every read checks the bounds, so truncated
/// or corrupt input ends in an <see cref="AvroDataException"/>, never in reading past the data.
/// </summary>
public ref struct AvroInput
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Starts reading at the first byte of <paramref name="data"/>.</summary>
    public AvroInput(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Reads an Avro <c>long</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadLong()
    {
        ulong result = 0;
        var shift = 0;
        byte b;
        do
        {
            if ((uint)_position >= (uint)_data.Length)
            {
                throw AvroDataException.Truncated();
            }

            if (shift > 63)
            {
                throw new AvroDataException("Malformed variable-length integer (more than 10 bytes).");
            }

            b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return (long)(result >> 1) ^ -(long)(result & 1);
    }

    /// <summary>Reads an Avro <c>int</c>.</summary>
    public int ReadInt()
    {
        var value = ReadLong();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new AvroDataException($"Value {value} does not fit an Avro int.");
        }

        return (int)value;
    }

    /// <summary>Reads an Avro <c>boolean</c>.</summary>
    public bool ReadBoolean()
    {
        var b = ReadSpan(1)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new AvroDataException($"Invalid boolean byte {b}."),
        };
    }

    /// <summary>Reads an Avro <c>float</c>.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(ReadSpan(4));

    /// <summary>Reads an Avro <c>double</c>.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadSpan(8));

    /// <summary>Reads an Avro <c>string</c>.</summary>
    public string ReadString()
    {
        var bytes = ReadBytesSpan();
        return bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads Avro <c>bytes</c> into a new array.</summary>
    public byte[] ReadBytes() => ReadBytesSpan().ToArray();

    /// <summary>Reads Avro <c>bytes</c> as a slice of the input (no copy).</summary>
    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLong();
        if (length < 0 || length > Remaining)
        {
            throw length < 0
                ? new AvroDataException($"Negative length {length}.")
                : AvroDataException.Truncated();
        }

        return ReadSpan((int)length);
    }

    /// <summary>Reads <paramref name="count"/> raw bytes (Avro <c>fixed</c>) as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw AvroDataException.Truncated();
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>
    /// Reads the item count of the next array or map block (0 ends the array or map). A negative
    /// count in the data means the block's byte size follows; it is read and dropped, and the count
    /// is returned positive.
    /// </summary>
    public long ReadBlockCount()
    {
        var count = ReadLong();
        if (count < 0)
        {
            count = count == long.MinValue ? throw new AvroDataException("Block count is out of range.") : -count;
            ReadLong();
        }

        return count;
    }

    /// <summary>
    /// Reads the header of the next array or map block for skipping: returns its item count, or
    /// skips the whole block at once when the writer gave its byte size and returns -1.
    /// </summary>
    internal long ReadBlockCountForSkip()
    {
        var count = ReadLong();
        if (count >= 0)
        {
            return count;
        }

        var size = ReadLong();
        if (size < 0 || size > Remaining)
        {
            throw AvroDataException.Truncated();
        }

        _position += (int)size;
        return -1;
    }
}

using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// How records of a changelog look. Every record carries the header <see cref="BatchHeader"/> (16-byte
/// epoch, 8-byte big-endian sequence). Data records are keyed <c>store name, 0x00, user key</c>; control
/// records (marker, fence) have keys that start with 0x00, which no store name does, so the two never
/// collide. A marker's value lists the task's input offsets (next offset to read per input partition).
/// </summary>
internal static class ChangelogFormat
{
    public const string BatchHeader = "cs.batch";

    private const byte ControlPrefix = 0x00;
    private const byte MarkerKind = (byte)'M';
    private const byte FenceKind = (byte)'F';
    private const byte OffsetsFormatVersion = 1;
    private const int BatchIdLength = 16 + sizeof(long);

    public static string TopicName(string applicationId) => $"{applicationId}-changelog";

    public static byte[] StorePrefix(string store)
    {
        var name = Encoding.UTF8.GetBytes(store);
        var prefix = new byte[name.Length + 1];
        name.CopyTo(prefix, 0);
        return prefix;
    }

    public static byte[] DataKey(byte[] storePrefix, byte[] key)
    {
        var bytes = new byte[storePrefix.Length + key.Length];
        storePrefix.CopyTo(bytes, 0);
        key.CopyTo(bytes, storePrefix.Length);
        return bytes;
    }

    public static Message<byte[], byte[]> Data(BatchId batch, byte[] storePrefix, byte[] key, byte[]? value) => new()
    {
        Key = DataKey(storePrefix, key),
        Value = value!,
        Headers = BatchHeaders(batch),
    };

    public static Message<byte[], byte[]> Marker(BatchId batch, IReadOnlyDictionary<TopicPartition, long> inputOffsets) => new()
    {
        Key = ControlKey(MarkerKind, batch.Epoch),
        Value = EncodeOffsets(inputOffsets),
        Headers = BatchHeaders(batch),
    };

    public static Message<byte[], byte[]> Fence(Guid epoch) => new()
    {
        Key = ControlKey(FenceKind, epoch),
        Value = [],
        Headers = BatchHeaders(new BatchId(epoch, -1)),
    };

    public static ChangelogEntry Decode(long offset, byte[]? key, byte[]? value, Headers? headers)
    {
        if (key is null || key.Length == 0 || headers is null
            || !headers.TryGetLastBytes(BatchHeader, out var header) || header is null || header.Length != BatchIdLength)
        {
            return new ChangelogEntry(ChangelogEntryKind.Foreign, offset, default, null, null, null, null);
        }

        var batch = new BatchId(new Guid(header.AsSpan(0, 16), bigEndian: true), BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(16)));
        if (key[0] == ControlPrefix)
        {
            return key.Length > 1 && key[1] == MarkerKind
                ? new ChangelogEntry(ChangelogEntryKind.Marker, offset, batch, null, null, null, DecodeOffsets(value ?? []))
                : key.Length > 1 && key[1] == FenceKind
                    ? new ChangelogEntry(ChangelogEntryKind.Fence, offset, batch, null, null, null, null)
                    : new ChangelogEntry(ChangelogEntryKind.Foreign, offset, default, null, null, null, null);
        }

        var separator = Array.IndexOf(key, ControlPrefix);
        if (separator <= 0)
        {
            return new ChangelogEntry(ChangelogEntryKind.Foreign, offset, default, null, null, null, null);
        }

        return new ChangelogEntry(
            ChangelogEntryKind.Data, offset, batch, Encoding.UTF8.GetString(key, 0, separator), key[(separator + 1)..], value, null);
    }

    public static byte[] EncodeOffsets(IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(OffsetsFormatVersion);
            writer.Write7BitEncodedInt(offsets.Count);
            foreach (var (tp, offset) in offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition.Value))
            {
                writer.Write(tp.Topic);
                writer.Write7BitEncodedInt(tp.Partition.Value);
                writer.Write7BitEncodedInt64(offset);
            }
        }

        return stream.ToArray();
    }

    public static IReadOnlyDictionary<TopicPartition, long> DecodeOffsets(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != OffsetsFormatVersion)
        {
            throw new FormatException($"Unknown changelog marker format {version}.");
        }

        var count = reader.Read7BitEncodedInt();
        var offsets = new Dictionary<TopicPartition, long>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = reader.ReadString();
            var partition = reader.Read7BitEncodedInt();
            offsets[new TopicPartition(topic, partition)] = reader.Read7BitEncodedInt64();
        }

        return offsets;
    }

    private static byte[] ControlKey(byte kind, Guid epoch)
    {
        var key = new byte[2 + 16];
        key[0] = ControlPrefix;
        key[1] = kind;
        epoch.TryWriteBytes(key.AsSpan(2), bigEndian: true, out _);
        return key;
    }

    private static Headers BatchHeaders(BatchId batch)
    {
        var bytes = new byte[BatchIdLength];
        batch.Epoch.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), batch.Sequence);
        return new Headers { { BatchHeader, bytes } };
    }
}

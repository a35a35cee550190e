using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// How records of a changelog look. Every value starts with a type byte and the 24-byte batch id (16-byte
/// epoch, 8-byte big-endian sequence), then the payload: the store value of a put, nothing for a delete or a
/// fence, the task's input offsets for a marker, the batch's end offsets for a plan. Data records are keyed <c>store name, 0x00, user key</c>;
/// control records (marker, fence, plan) have keys that start with 0x00, which no store name does, so the two
/// never collide. No headers: they would cost a marshalling per record on the hot path.
/// </summary>
internal static class ChangelogFormat
{
    private const byte ControlPrefix = 0x00;
    private const byte PutType = (byte)'P';
    private const byte DeleteType = (byte)'D';
    private const byte MarkerType = (byte)'M';
    private const byte FenceType = (byte)'F';
    private const byte PlanType = (byte)'I';
    private const byte OffsetsFormatVersion = 1;
    private const int PreambleLength = 1 + 16 + sizeof(long);

    public static string TopicName(string applicationId) => $"{applicationId}-changelog";

    public static byte[] StorePrefix(string store)
    {
        var name = Encoding.UTF8.GetBytes(store);
        var prefix = new byte[name.Length + 1];
        name.CopyTo(prefix, 0);
        return prefix;
    }

    /// <summary>The 24 bytes identifying a batch, written once per batch and copied into each of its records.</summary>
    public static byte[] BatchBytes(BatchId batch)
    {
        var bytes = new byte[PreambleLength - 1];
        batch.Epoch.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), batch.Sequence);
        return bytes;
    }

    public static Message<byte[], byte[]> Data(byte[] batchBytes, byte[] storePrefix, byte[] key, byte[]? value)
    {
        var dataKey = new byte[storePrefix.Length + key.Length];
        storePrefix.CopyTo(dataKey, 0);
        key.CopyTo(dataKey, storePrefix.Length);
        return new Message<byte[], byte[]>
        {
            Key = dataKey,
            Value = Value(value is null ? DeleteType : PutType, batchBytes, value ?? []),
        };
    }

    public static Message<byte[], byte[]> Marker(BatchId batch, IReadOnlyDictionary<TopicPartition, long> inputOffsets) => new()
    {
        Key = ControlKey(MarkerType, batch.Epoch),
        Value = Value(MarkerType, BatchBytes(batch), EncodeOffsets(inputOffsets)),
    };

    /// <summary>
    /// A batch's plan: which input records it takes (its end offset per input partition it read), written and
    /// acknowledged before any of its outputs, so that whoever processes the batch again takes the same records
    /// in the same order.
    /// </summary>
    public static Message<byte[], byte[]> Plan(BatchId batch, IReadOnlyDictionary<TopicPartition, long> endOffsets) => new()
    {
        Key = ControlKey(PlanType, batch.Epoch),
        Value = Value(PlanType, BatchBytes(batch), EncodeOffsets(endOffsets)),
    };

    public static Message<byte[], byte[]> Fence(Guid epoch) => new()
    {
        Key = ControlKey(FenceType, epoch),
        Value = Value(FenceType, BatchBytes(new BatchId(epoch, -1)), []),
    };

    public static ChangelogEntry Decode(long offset, byte[]? key, byte[]? value)
    {
        if (key is null || key.Length == 0 || value is null || value.Length < PreambleLength)
        {
            return Foreign(offset);
        }

        var batch = new BatchId(new Guid(value.AsSpan(1, 16), bigEndian: true), BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(17, 8)));
        var type = value[0];
        if (key[0] == ControlPrefix)
        {
            return type switch
            {
                MarkerType => new ChangelogEntry(ChangelogEntryKind.Marker, offset, batch, null, null, null, DecodeOffsets(value[PreambleLength..])),
                FenceType => new ChangelogEntry(ChangelogEntryKind.Fence, offset, batch, null, null, null, null),
                PlanType => new ChangelogEntry(ChangelogEntryKind.Plan, offset, batch, null, null, null, DecodeOffsets(value[PreambleLength..])),
                _ => Foreign(offset),
            };
        }

        var separator = Array.IndexOf(key, ControlPrefix);
        if (separator <= 0 || type is not (PutType or DeleteType))
        {
            return Foreign(offset);
        }

        return new ChangelogEntry(
            ChangelogEntryKind.Data,
            offset,
            batch,
            Encoding.UTF8.GetString(key, 0, separator),
            key[(separator + 1)..],
            type == PutType ? value[PreambleLength..] : null,
            null);
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

    private static ChangelogEntry Foreign(long offset) => new(ChangelogEntryKind.Foreign, offset, default, null, null, null, null);

    private static byte[] Value(byte type, byte[] batchBytes, byte[] payload)
    {
        var value = new byte[PreambleLength + payload.Length];
        value[0] = type;
        batchBytes.CopyTo(value, 1);
        payload.CopyTo(value, PreambleLength);
        return value;
    }

    private static byte[] ControlKey(byte kind, Guid epoch)
    {
        var key = new byte[2 + 16];
        key[0] = ControlPrefix;
        key[1] = kind;
        epoch.TryWriteBytes(key.AsSpan(2), bigEndian: true, out _);
        return key;
    }
}

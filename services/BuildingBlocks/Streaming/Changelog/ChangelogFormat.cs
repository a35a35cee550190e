using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// How records of a changelog look. Every value starts with a type byte and the 24-byte batch id (16-byte
/// epoch, 8-byte big-endian sequence), then the payload: a pack of store changes for data, the task's input
/// offsets for a marker, the batch's end offsets for a plan, nothing for a fence. Control records and packs have
/// keys that start with 0x00, which no store name does. No headers: they would cost a marshalling per record.
/// <para>
/// Data travels in packs: many store changes of one batch in one record (up to <see cref="PackBytes"/>), because
/// every Kafka record costs a produce call, an acknowledgement, and the broker's and the restoring consumer's
/// per-record work, which for small state values is far more than the bytes. (Records of one change keyed
/// <c>store 0x00 key</c>, written by earlier releases, are still read.)
/// </para>
/// </summary>
internal static class ChangelogFormat
{
    /// <summary>The most store bytes (keys and values) one pack takes before the next begins.</summary>
    public const int PackBytes = 256 * 1024;

    private const byte ControlPrefix = 0x00;
    private const byte PutType = (byte)'P';
    private const byte DeleteType = (byte)'D';
    private const byte PackType = (byte)'K';
    private const byte MarkerType = (byte)'M';
    private const byte FenceType = (byte)'F';
    private const byte PlanType = (byte)'I';
    private const byte OffsetsFormatVersion = 1;
    private const int PreambleLength = 1 + 16 + sizeof(long);

    public static string TopicName(string applicationId) => $"{applicationId}-changelog";

    /// <summary>The 24 bytes identifying a batch, written once per batch and copied into each of its records.</summary>
    public static byte[] BatchBytes(BatchId batch)
    {
        var bytes = new byte[PreambleLength - 1];
        batch.Epoch.TryWriteBytes(bytes, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), batch.Sequence);
        return bytes;
    }

    /// <summary>The batch's store changes as packs, in the order given (each key at most once per batch).</summary>
    public static List<Message<byte[], byte[]>> Packs(BatchId batch, IEnumerable<(string Store, byte[] Key, byte[]? Value)> changes)
    {
        var packs = new List<Message<byte[], byte[]>>();
        var batchBytes = BatchBytes(batch);
        var key = ControlKey(PackType, batch.Epoch);
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        var count = 0;
        foreach (var (store, changeKey, value) in changes)
        {
            if (count > 0 && buffer.Length + changeKey.Length + (value?.Length ?? 0) > PackBytes)
            {
                packs.Add(Pack(key, batchBytes, buffer, count));
                count = 0;
            }

            if (count == 0)
            {
                buffer.SetLength(0);
                writer.Write(PackType);
                writer.Write(batchBytes);
            }

            writer.Write(store);
            writer.Write7BitEncodedInt(changeKey.Length);
            writer.Write(changeKey);
            writer.Write(value is null ? DeleteType : PutType);
            if (value is not null)
            {
                writer.Write7BitEncodedInt(value.Length);
                writer.Write(value);
            }

            count++;
        }

        if (count > 0)
        {
            packs.Add(Pack(key, batchBytes, buffer, count));
        }

        return packs;
    }

    /// <summary>One store change as a record of its own (how releases before packs wrote data).</summary>
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

    public static byte[] StorePrefix(string store)
    {
        var name = Encoding.UTF8.GetBytes(store);
        var prefix = new byte[name.Length + 1];
        name.CopyTo(prefix, 0);
        return prefix;
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
                PackType => DecodePack(offset, batch, value),
                MarkerType => new ChangelogEntry(ChangelogEntryKind.Marker, offset, batch, [], DecodeOffsets(value[PreambleLength..])),
                FenceType => new ChangelogEntry(ChangelogEntryKind.Fence, offset, batch, [], null),
                PlanType => new ChangelogEntry(ChangelogEntryKind.Plan, offset, batch, [], DecodeOffsets(value[PreambleLength..])),
                _ => Foreign(offset),
            };
        }

        var separator = Array.IndexOf(key, ControlPrefix);
        if (separator <= 0 || type is not (PutType or DeleteType))
        {
            return Foreign(offset);
        }

        var change = new StoreChange(Encoding.UTF8.GetString(key, 0, separator), key[(separator + 1)..], type == PutType ? value[PreambleLength..] : null);
        return new ChangelogEntry(ChangelogEntryKind.Data, offset, batch, [change], null);
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

    private static Message<byte[], byte[]> Pack(byte[] key, byte[] batchBytes, MemoryStream buffer, int count)
    {
        // The change count goes last, so that the changes could be written without knowing it in advance.
        var value = new byte[buffer.Length + sizeof(int)];
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).CopyTo(value);
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan((int)buffer.Length), count);
        return new Message<byte[], byte[]> { Key = key, Value = value };
    }

    private static ChangelogEntry DecodePack(long offset, BatchId batch, byte[] value)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(value.AsSpan(value.Length - sizeof(int)));
        using var reader = new BinaryReader(new MemoryStream(value, PreambleLength, value.Length - PreambleLength - sizeof(int)), Encoding.UTF8);
        var changes = new StoreChange[count];
        for (var i = 0; i < count; i++)
        {
            var store = reader.ReadString();
            var key = reader.ReadBytes(reader.Read7BitEncodedInt());
            var type = reader.ReadByte();
            var changeValue = type == PutType ? reader.ReadBytes(reader.Read7BitEncodedInt()) : null;
            changes[i] = new StoreChange(store, key, changeValue);
        }

        return new ChangelogEntry(ChangelogEntryKind.Data, offset, batch, changes, null);
    }

    private static ChangelogEntry Foreign(long offset) => new(ChangelogEntryKind.Foreign, offset, default, [], null);

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

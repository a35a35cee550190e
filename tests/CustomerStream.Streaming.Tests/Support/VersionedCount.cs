using System.Buffers.Binary;
using CustomerStream.Streaming.Serialization;

namespace CustomerStream.Streaming.Tests.Support;

/// <summary>
/// A count with its per-key version, the state of <see cref="CountingProcessor"/>: the version steps once per
/// batch that changed the key, so consumers of the counts can drop duplicates and stale records.
/// </summary>
/// <param name="Version">0 for a key never counted, then 1, 2, … one per batch that changed it.</param>
/// <param name="Value">The count.</param>
public readonly record struct VersionedCount(long Version, long Value)
{
    /// <summary>16 bytes: the version, then the count, both big-endian.</summary>
    public static ISerde<VersionedCount> Serde { get; } = Serdes.Create<VersionedCount>(
        static count =>
        {
            var bytes = new byte[2 * sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(bytes, count.Version);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(sizeof(long)), count.Value);
            return bytes;
        },
        static data => new VersionedCount(BinaryPrimitives.ReadInt64BigEndian(data), BinaryPrimitives.ReadInt64BigEndian(data[sizeof(long)..])));
}

using System.Security.Cryptography;
using System.Text;

namespace CustomerStream.Bridge.Mapping;

/// <summary>
/// The MassTransit message id of a bridged event, derived from its topic and <c>event_id</c>: every delivery of
/// the same event (a Kafka record read again, a publish sent again) carries the same id, so a subscriber's
/// inbox or de-duplication by message id recognizes it.
/// </summary>
public static class MessageIds
{
    /// <summary>A name-based UUID (SHA-256 of <c>topic</c> + NUL + <c>eventId</c>, version 8 and RFC 4122 variant bits set).</summary>
    public static Guid For(string topic, string eventId)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(eventId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{topic}\0{eventId}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

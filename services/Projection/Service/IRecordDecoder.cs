using Confluent.Kafka;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Turns a consumed record of one of the projection's topics into its contract object (null for a tombstone), or an
/// <see cref="UndecodableRecord"/> for one that can never be decoded.
/// </summary>
public interface IRecordDecoder
{
    ValueTask<object?> DecodeAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken cancellationToken);
}

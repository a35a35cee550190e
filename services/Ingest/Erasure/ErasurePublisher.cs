using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Erasure;

namespace CustomerStream.Ingest.Erasure;

/// <summary>
/// Writes erasure requests to the ledger (<c>erasure.requests.v1</c>) and returns once Kafka acknowledged them:
/// from then on the identity service applies them, before any ingest record of its next batch.
/// </summary>
public sealed class ErasurePublisher(IProducer<string, byte[]> producer, IAsyncSerializer<ErasureRequest> serializer, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Requests that the person <paramref name="subject"/> names be forgotten (see <see cref="ErasureSubject.Parse"/>).</summary>
    /// <exception cref="FormatException">The subject names no person.</exception>
    /// <exception cref="ProduceException{TKey, TValue}">Kafka did not take the request.</exception>
    public async Task<ErasureRequest> RequestAsync(string subject, string? reason, string requestedBy, CancellationToken cancellationToken)
    {
        var (id, kind) = ErasureSubject.Parse(subject);
        var request = new ErasureRequest
        {
            ErasureId = $"era_{Guid.NewGuid():N}",
            Subject = id,
            SubjectKind = kind,
            RequestedAt = _time.GetUtcNow().UtcDateTime,
            RequestedBy = requestedBy,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        };
        var value = await serializer.SerializeAsync(request, new SerializationContext(MessageComponentType.Value, Topics.ErasureRequests));
        await producer.ProduceAsync(Topics.ErasureRequests, new Message<string, byte[]> { Key = request.ErasureId, Value = value }, cancellationToken);
        return request;
    }
}

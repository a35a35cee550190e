using System.Runtime.CompilerServices;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// The pure step between reading and publishing: a row the reader could not read becomes its
/// rejection, a readable one goes through the entity's normalizer. No I/O, never throws on input.
/// </summary>
public sealed class RowProcessor<T>(IRecordNormalizer<T> normalizer)
    where T : class
{
    public IngestEntity Entity => normalizer.Entity;

    /// <param name="row">The record as read.</param>
    /// <param name="now">UTC time of ingestion (<c>ingested_at</c>, <c>rejected_at</c>).</param>
    /// <param name="defaultSourceSystem">The source for records that name none (<c>--source</c>), or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IngestOutcome<T> Process(SourceRow row, DateTime now, string? defaultSourceSystem)
    {
        if (row.ReadError is { } readError || row.Fields is null)
        {
            var fallback = defaultSourceSystem ?? (Entity == IngestEntity.WebEvents ? WebEventNormalizer.DefaultSourceSystem : CustomerNormalizer.Unknown);
            var error = row.ReadError ?? new Rejection(Contracts.Ingest.ReasonCodes.MalformedJson, "the record has no fields");
            return IngestOutcome<T>.Reject(Rejections.Create(Entity, fallback, row.InputRef, error, row.Raw, row.RawBytes, now));
        }

        var normalized = normalizer.Normalize(row.Fields, new RecordContext(row.InputRef, now, defaultSourceSystem));
        return normalized.Value is { } value
            ? IngestOutcome<T>.Accept(value, normalizer.KeyOf(value))
            : IngestOutcome<T>.Reject(Rejections.Create(Entity, normalized.SourceSystem, row.InputRef, normalized.Rejection!, row.Raw, row.RawBytes, now));
    }
}

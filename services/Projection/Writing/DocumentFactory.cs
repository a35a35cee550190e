using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Documents;

namespace CustomerStream.Projection.Writing;

/// <summary>Turns merges and rejections into the Marten documents that store them (UTC instants, natural-key ids).</summary>
internal static class DocumentFactory
{
    public static CustomerAliasDocument Alias(CustomerMerged merged, DateTime now) => new()
    {
        Id = merged.MergedId,
        SurvivorId = merged.SurvivorId,
        Version = merged.Version,
        EventId = merged.EventId,
        MergedAt = Utc.Of(merged.MergedAt),
        Reason = merged.Reason,
        LinkingIdentifier = merged.LinkingIdentifier,
        UpdatedAt = now,
    };

    public static RejectedRecordDocument Rejected(RejectedRecord record, DateTime now) => new()
    {
        Id = record.RejectionId,
        SourceSystem = record.SourceSystem,
        Entity = record.Entity,
        InputRef = record.InputRef,
        ReasonCode = record.ReasonCode,
        Reason = record.Reason,
        Raw = record.Raw,
        RawBytes = record.RawBytes,
        RejectedAt = Utc.Of(record.RejectedAt),
        UpdatedAt = now,
    };
}

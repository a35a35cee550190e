using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Serialization.Stored;

/// <summary>
/// A <see cref="Domain.CustomerState"/> as the state schema declares it (record <c>CustomerState</c> of
/// <c>Schemas/customerstream.aggregator.state.AggregatorTaskState.v3.avsc</c>; properties map to its fields by
/// snake_case name). Only the codec creates and reads these: <see cref="StoredForm"/> converts them.
/// </summary>
internal sealed class StoredCustomerState
{
    public string CustomerId { get; set; } = "";

    public long LastSeq { get; set; }

    public long Version { get; set; }

    public bool Removed { get; set; }

    public List<MergeEntry> MergeHistory { get; set; } = [];

    public List<AppliedTransfer> AppliedTransfers { get; set; } = [];

    public DateTime? AcquisitionTs { get; set; }

    public string? AcquisitionSource { get; set; }

    public List<IdentifierEntry> Identifiers { get; set; } = [];

    public List<MasterRecord> Records { get; set; } = [];

    public List<OrderVersion> Orders { get; set; } = [];

    public List<WebEventEntry> WebEvents { get; set; } = [];

    public CustomerSummary? LastSummary { get; set; }

    internal sealed class MergeEntry
    {
        public long Seq { get; set; }

        public string SurvivorId { get; set; } = "";
    }

    internal sealed class AppliedTransfer
    {
        public string LoserId { get; set; } = "";

        public long MergeSeq { get; set; }

        public long Contents { get; set; }
    }

    internal sealed class IdentifierEntry
    {
        public string Identifier { get; set; } = "";

        public string? SourceSystem { get; set; }

        public DateTime FirstSeenTs { get; set; }
    }

    internal sealed class MasterRecord
    {
        public string SourceSystem { get; set; } = "";

        public string SourceCustomerId { get; set; } = "";

        public string? Email { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? Phone { get; set; }

        public string? Country { get; set; }

        public string? City { get; set; }

        public DateTime? CreatedAt { get; set; }

        public DateTime UpdatedAt { get; set; }

        public CustomerStatus Status { get; set; }

        public bool IsTest { get; set; }

        public string RecordHash { get; set; } = "";
    }

    internal sealed class OrderVersion
    {
        public string SourceSystem { get; set; } = "";

        public string OrderId { get; set; } = "";

        public DateTime OrderTs { get; set; }

        public DateTime UpdatedAt { get; set; }

        public OrderStatus Status { get; set; }

        public decimal Amount { get; set; }

        public string Currency { get; set; } = "";

        public string BusinessUnit { get; set; } = "";

        public string? Category { get; set; }

        public string? ProductId { get; set; }

        public int? Quantity { get; set; }

        public string? CustomerEmail { get; set; }

        public string RecordHash { get; set; } = "";
    }

    internal sealed class WebEventEntry
    {
        public string EventId { get; set; } = "";

        public long Seq { get; set; }

        public bool Present { get; set; }

        public DateTime Ts { get; set; }

        public string? Type { get; set; }

        public string? SessionId { get; set; }

        public string? Email { get; set; }
    }
}

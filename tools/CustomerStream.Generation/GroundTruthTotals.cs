using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>The customer count by visibility (the audit's breakdown) and sums over all customers.</summary>
public sealed record GroundTruthTotals(
    [property: JsonPropertyName("visible")] int Visible,
    [property: JsonPropertyName("test")] int Test,
    [property: JsonPropertyName("deleted")] int Deleted,
    [property: JsonPropertyName("anonymous_profiles")] int AnonymousProfiles,
    [property: JsonPropertyName("approved_orders")] long ApprovedOrders,
    [property: JsonPropertyName("revenue")] decimal Revenue,
    [property: JsonPropertyName("refunded_amount")] decimal RefundedAmount);

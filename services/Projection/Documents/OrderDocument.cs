namespace CustomerStream.Projection.Documents;

/// <summary>
/// The current version of one order as reported by the customer that owns it. The ID includes the
/// owner: when a merge moves an order from the loser to the survivor, the two owners' changes arrive on
/// different partitions in any order, and keying by owner means the loser's removal deletes only the
/// loser's copy, never the survivor's.
/// </summary>
public sealed class OrderDocument
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string SourceSystem { get; set; } = "";
    public string OrderId { get; set; } = "";
    public DateTime OrderTs { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Lower-case: <c>approved</c>, <c>pending</c>, <c>declined</c>, <c>refunded</c>, <c>cancelled</c>.</summary>
    public string Status { get; set; } = "";

    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public string BusinessUnit { get; set; } = "";
    public string? Category { get; set; }
    public string? ProductId { get; set; }
    public int? Quantity { get; set; }
    public DateTime ProjectedAt { get; set; }

    public static string KeyOf(string customerId, string sourceSystem, string orderId) =>
        $"{customerId}|{sourceSystem}|{orderId}";
}

using CustomerStream.Contracts;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Names and topics of the ingest entities, defined once.</summary>
public static class IngestEntityExtensions
{
    /// <summary>The entity name used on the command line and in <c>RejectedRecord.entity</c>: customers, orders, web-events.</summary>
    public static string EntityName(this IngestEntity entity) => entity switch
    {
        IngestEntity.Customers => "customers",
        IngestEntity.Orders => "orders",
        IngestEntity.WebEvents => "web-events",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };

    /// <summary>The topic that carries the entity's normalized records.</summary>
    public static string Topic(this IngestEntity entity) => entity switch
    {
        IngestEntity.Customers => Topics.IngestCustomers,
        IngestEntity.Orders => Topics.IngestOrders,
        IngestEntity.WebEvents => Topics.IngestWebEvents,
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };

    /// <summary>Parses an entity name (<c>customers</c>, <c>orders</c>, <c>web-events</c>; case-insensitive).</summary>
    public static bool TryParseEntity(string? text, out IngestEntity entity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "customers":
                entity = IngestEntity.Customers;
                return true;
            case "orders":
                entity = IngestEntity.Orders;
                return true;
            case "web-events" or "web_events" or "webevents":
                entity = IngestEntity.WebEvents;
                return true;
            default:
                entity = default;
                return false;
        }
    }
}

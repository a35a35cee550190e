using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Identity.Tests;

/// <summary>Terse builders of normalized input records for identity tests.</summary>
internal static class Records
{
    public static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime Day(int n) => T0.AddDays(n);

    public static CustomerRecord Customer(string source, string id, string? email = null, int created = 0, int updated = -1,
        CustomerStatus status = CustomerStatus.ACTIVE, bool test = false, string? firstName = null, bool? emailValid = null)
    {
        var valid = emailValid ?? (email is not null && email.Contains('@', StringComparison.Ordinal) && !email.EndsWith('@'));
        var r = new CustomerRecord
        {
            SourceSystem = source,
            SourceCustomerId = id,
            Email = valid ? email?.Trim().ToLowerInvariant() : null,
            EmailRaw = email,
            EmailValid = valid,
            FirstName = firstName,
            CreatedAt = Day(created),
            UpdatedAt = Day(updated < 0 ? created : updated),
            Status = status,
            IsTest = test,
            SourceRef = $"customers_{source}.csv:{id}",
        };
        r.RecordHash = Hash(r.SourceSystem, r.SourceCustomerId, r.EmailRaw, r.UpdatedAt, r.Status, r.IsTest, r.FirstName);
        return r;
    }

    public static OrderRecord Order(string source, string orderId, string? customerId = null, string? email = null, int day = 0,
        OrderStatus status = OrderStatus.APPROVED, decimal amount = 10m, int updated = -1, bool? emailValid = null)
    {
        var valid = emailValid ?? (email is not null && email.Contains('@', StringComparison.Ordinal) && !email.EndsWith('@'));
        var r = new OrderRecord
        {
            SourceSystem = source,
            OrderId = orderId,
            SourceCustomerId = customerId,
            CustomerEmail = valid ? email?.Trim().ToLowerInvariant() : null,
            CustomerEmailRaw = email,
            CustomerEmailValid = valid,
            OrderTs = Day(day),
            UpdatedAt = Day(updated < 0 ? day : updated),
            Status = status,
            Amount = amount,
            Currency = "USD",
            SourceRef = $"orders.csv:{orderId}",
        };
        r.RecordHash = Hash(r.SourceSystem, r.OrderId, r.SourceCustomerId, r.CustomerEmailRaw, r.OrderTs, r.UpdatedAt, r.Status, r.Amount);
        return r;
    }

    public static WebEvent Web(string eventId, double day, string type = "page_view", string? device = null, string? cookie = null,
        string? user = null, string userSource = "shop", string? email = null, string? session = null)
    {
        var r = new WebEvent
        {
            EventId = eventId,
            Ts = T0.AddDays(day),
            Type = type,
            DeviceId = device,
            CookieId = cookie,
            UserId = user,
            UserSource = user is null ? null : userSource,
            Email = email?.Trim().ToLowerInvariant(),
            EmailRaw = email,
            EmailValid = email is not null,
            SessionId = session ?? $"s-{eventId}",
            SourceRef = $"web.ndjson:{eventId}",
        };
        r.RecordHash = Hash(r.EventId, r.Ts, r.Type, r.DeviceId, r.CookieId, r.UserId);
        return r;
    }

    private static string Hash(params object?[] parts) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("|", parts.Select(p => p switch
            {
                DateTime d => d.ToString("O"),
                null => "",
                _ => p.ToString(),
            })))));
}

using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>A customer's figures in one calendar month (UTC), from the current version of every order and the attributed web events.</summary>
public sealed record ExpectedMonth
{
    [JsonPropertyName("month")]
    public required string Month { get; init; }

    [JsonPropertyName("order_count")]
    public int OrderCount { get; init; }

    [JsonPropertyName("revenue")]
    public decimal Revenue { get; init; }

    [JsonPropertyName("refunded_amount")]
    public decimal RefundedAmount { get; init; }

    [JsonPropertyName("web_sessions")]
    public int WebSessions { get; init; }

    [JsonPropertyName("page_views")]
    public int PageViews { get; init; }
}

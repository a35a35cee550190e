using System.Text.Json.Serialization;

namespace CustomerStream.Generation;

/// <summary>One stitched customer (or anonymous profile) the contract's rules produce from the sample.</summary>
public sealed record ExpectedCustomer
{
    /// <summary>The Customer360 ID: derived from the earliest-acquired identifier (ties: the smaller derived ID).</summary>
    [JsonPropertyName("customer_id")]
    public required string CustomerId { get; init; }

    /// <summary>Every identifier of the customer, sorted: strong ones for a customer, device/cookie for an anonymous profile.</summary>
    [JsonPropertyName("identifiers")]
    public required List<string> Identifiers { get; init; }

    /// <summary><c>visible</c>, <c>test</c>, <c>deleted</c> or <c>anonymous</c>.</summary>
    [JsonPropertyName("visibility_status")]
    public required string VisibilityStatus { get; init; }

    [JsonPropertyName("acquisition_ts")]
    public DateTime? AcquisitionTs { get; init; }

    [JsonPropertyName("acquisition_source")]
    public string? AcquisitionSource { get; init; }

    /// <summary>Months (UTC, <c>yyyy-MM</c>) with orders or web activity, ascending.</summary>
    [JsonPropertyName("months")]
    public required List<ExpectedMonth> Months { get; init; }
}

namespace CustomerStream.Ingest.Normalization;

/// <summary>Why a record was not accepted: a stable code from <c>ReasonCodes</c> and a message naming the field and value.</summary>
public sealed record Rejection(string ReasonCode, string Reason);

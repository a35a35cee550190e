namespace CustomerStream.Aggregator.Domain;

/// <summary>An identifier of the customer, as announced by the identity service.</summary>
public sealed record IdentifierEntry(string Identifier, string? SourceSystem, DateTime FirstSeenTs);

namespace CustomerStream.Projection.Queries;

/// <summary>Why the customer has its Customer360 ID.</summary>
/// <param name="Identifier">The identifier whose derived ID the customer carries (the earliest acquired).</param>
/// <param name="AcquisitionTs">The customer's acquisition (its earliest evidence), UTC; null for an anonymous profile.</param>
/// <param name="AcquisitionSource">The source of that evidence.</param>
/// <param name="Rule">The rule, in words.</param>
public sealed record SurvivorChoice(string? Identifier, DateTime? AcquisitionTs, string? AcquisitionSource, string Rule);

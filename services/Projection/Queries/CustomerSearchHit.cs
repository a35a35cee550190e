namespace CustomerStream.Projection.Queries;

/// <summary>A customer a search found, and by what (<c>key</c>: the text is an ID, alias, e-mail address or identifier of it; <c>email</c> or <c>name</c>: it starts with the text).</summary>
public sealed record CustomerSearchHit(
    string CustomerId, string? Email, string? FirstName, string? LastName, string VisibilityStatus, decimal LifetimeValue, string MatchedBy);

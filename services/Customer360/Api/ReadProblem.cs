namespace CustomerStream.Customer360.Api;

/// <summary>A request the read API cannot answer (400, 401, 404): what is wrong and what to do.</summary>
public sealed record ReadProblem(string Error, string? Hint = null);

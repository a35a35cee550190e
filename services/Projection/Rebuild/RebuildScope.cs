namespace CustomerStream.Projection.Rebuild;

/// <summary>What a rebuild regenerates.</summary>
/// <param name="BusinessUnit">Null: every projected document; otherwise only the business-unit period rows of this unit.</param>
public sealed record RebuildScope(string? BusinessUnit)
{
    public static readonly RebuildScope Everything = new((string?)null);

    public static RebuildScope ForBusinessUnit(string businessUnit) =>
        string.IsNullOrWhiteSpace(businessUnit) ? throw new ArgumentException("A business unit is required", nameof(businessUnit)) : new(businessUnit.Trim());

    public override string ToString() => BusinessUnit is null ? "all marts" : $"business unit '{BusinessUnit}'";
}

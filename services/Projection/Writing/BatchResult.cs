namespace CustomerStream.Projection.Writing;

/// <summary>What applying one batch did.</summary>
/// <param name="ChangesApplied">Customer changes whose version was new.</param>
/// <param name="ChangesSkipped">Customer changes ignored as duplicates or stale.</param>
/// <param name="DocumentsWritten">Documents inserted or replaced, of every type.</param>
/// <param name="RowsDeleted">Period rows and orders deleted (deleted rows and removed customers).</param>
/// <param name="Elapsed">Time in the database transaction, commit included.</param>
public sealed record BatchResult(int ChangesApplied, int ChangesSkipped, int DocumentsWritten, int RowsDeleted, TimeSpan Elapsed)
{
    public static readonly BatchResult Empty = new(0, 0, 0, 0, TimeSpan.Zero);
}

namespace CustomerStream.Projection.Writing;

/// <summary>What applying one batch did.</summary>
/// <param name="ChangesApplied">Customer changes whose version was new.</param>
/// <param name="ChangesSkipped">Customer changes ignored as duplicates or stale.</param>
/// <param name="DocumentsWritten">Rows inserted or replaced, of every table (rows whose content did not change are not rewritten and not counted).</param>
/// <param name="RowsDeleted">Period rows and orders deleted (deleted rows and removed customers).</param>
/// <param name="Elapsed">Time in the database transaction, commit included.</param>
public sealed record BatchResult(int ChangesApplied, int ChangesSkipped, int DocumentsWritten, int RowsDeleted, TimeSpan Elapsed)
{
    public static readonly BatchResult Empty = new(0, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Time spent in this process folding the changes and building the statements (part of <see cref="Elapsed"/>).</summary>
    public TimeSpan Preparing { get; init; }

    /// <summary>Time the commit took (part of <see cref="Elapsed"/>).</summary>
    public TimeSpan Committing { get; init; }
}

namespace CustomerStream.Cli.Bench;

/// <summary>One model of the SQL baseline: it rebuilds <c>baseline.&lt;Name&gt;</c>, the plain-SQL twin of <c>mart.&lt;Name&gt;</c>.</summary>
/// <param name="Name">The name of the baseline table and of the mart relation it recomputes.</param>
/// <param name="Sql">The one statement that builds it from the staged silver layer.</param>
/// <param name="MartRows">
/// A condition on the mart relation (alias <c>m</c>) that selects the rows the baseline recomputes: the marts hold
/// more (months with web activity only, customers without an approved order, empty buckets).
/// </param>
/// <param name="LeftOut">Columns of the mart relation the baseline does not recompute (what it is not handed, and bookkeeping).</param>
/// <param name="AsOfGlobalRefresh">The mart's figures are exact as of the last global refresh only (RFM scores, cohorts).</param>
internal sealed record BaselineModel(string Name, string Sql, string MartRows, IReadOnlyList<string> LeftOut, bool AsOfGlobalRefresh = false);

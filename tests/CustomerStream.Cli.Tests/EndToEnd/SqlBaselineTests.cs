using CustomerStream.Cli.Bench;
using Npgsql;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The bench's SQL baseline (the plain-SQL recomputation of the marts) against the marts `customerstream demo`
/// builds from the generated sample: equal row for row on every relation the baseline computes, and the same
/// columns, so that the bench's "rows that differ" figure means what it says.
/// </summary>
public sealed class SqlBaselineTests(SqlBaselineTests.DemoMarts marts, ITestOutputHelper output) : IClassFixture<SqlBaselineTests.DemoMarts>
{
    [Fact]
    public async Task The_sql_baseline_recomputes_every_mart_relation_row_for_row_on_the_generated_sample()
    {
        await using var dataSource = NpgsqlDataSource.Create(marts.ConnectionString);
        var baseline = new SqlBaseline(dataSource);

        var round = await baseline.RunRoundAsync(CancellationToken.None, afterGlobalRefresh: true);

        foreach (var (model, differences) in round.DifferencesByModel)
        {
            output.WriteLine($"{model}: {await CountAsync(dataSource, $"baseline.{model}")} rows, {differences} differ");
        }

        Assert.Equal(SqlBaseline.Models.Select(m => m.Name), round.DifferencesByModel.Keys);
        Assert.All(round.DifferencesByModel, d => Assert.True(d.Value == 0, $"{d.Key}: {d.Value} rows differ between baseline and mart"));
        foreach (var model in SqlBaseline.Models)
        {
            Assert.True(await CountAsync(dataSource, $"baseline.{model.Name}") > 0, $"baseline.{model.Name} is empty: nothing was compared");
        }

        // One wrong figure shows as two rows: the baseline's row missing from the mart, and the mart's from the baseline.
        await ExecuteAsync(dataSource, "UPDATE baseline.customer_month SET revenue = revenue + 1 WHERE ctid = (SELECT min(ctid) FROM baseline.customer_month)");
        var changed = await baseline.DifferencesAsync(SqlBaseline.Models.Where(m => m.Name == "customer_month"), CancellationToken.None);
        Assert.Equal(2, changed["customer_month"]);
    }

    [Fact]
    public async Task Every_column_of_a_mart_relation_is_recomputed_by_the_baseline_or_named_as_left_out()
    {
        await using var dataSource = NpgsqlDataSource.Create(marts.ConnectionString);
        var baseline = new SqlBaseline(dataSource);
        await baseline.RunRoundAsync(CancellationToken.None);

        Assert.Empty(await baseline.ColumnDriftAsync(CancellationToken.None));

        // A column only the baseline has is drift.
        await ExecuteAsync(dataSource, "ALTER TABLE baseline.customer_year ADD COLUMN lifetime_bonus numeric");
        Assert.Equal(["baseline.customer_year.lifetime_bonus is not a column of mart.customer_year"], await baseline.ColumnDriftAsync(CancellationToken.None));
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The marts of one `customerstream demo` run on the generated sample, in a database of their own.</summary>
    public sealed class DemoMarts : IAsyncLifetime
    {
        private readonly CliHome _home = new("cs-baseline-");

        public string ConnectionString => _home.ConnectionString;

        public async Task InitializeAsync()
        {
            await _home.InitializeAsync();
            using var demo = CliProcess.Start(
                _home.Path, new Dictionary<string, string?> { ["CS_POSTGRES"] = _home.ConnectionString }, "demo", "--customers", "300", "--seed", "5", "--reset");
            var exitCode = await demo.WaitForExitAsync(TimeSpan.FromMinutes(6));
            Assert.True(exitCode == 0, $"customerstream demo exited with {exitCode}:\n{string.Join('\n', demo.Output.Concat(demo.Error).TakeLast(40))}");
        }

        public Task DisposeAsync() => _home.DisposeAsync();
    }
}

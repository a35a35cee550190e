using System.Globalization;
using CustomerStream.Generation;
using CustomerStream.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The product as a user runs it: `customerstream demo` (and `generate`, `rebuild`) as processes, on the
/// embedded stack, writing to a real PostgreSQL database of the test's own. The marts are checked
/// against the generator's ground truth, which an independent batch implementation of the contract's
/// rules (<see cref="ContractOracle"/>) computes from the same files.
/// </summary>
public sealed class DemoEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);
    private readonly PostgresDatabaseFixture _database = new();
    private readonly TemporaryDirectory _home = new("cs-e2e-");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Demo_builds_marts_equal_to_a_recomputation_from_the_same_input_and_a_second_run_with_reset_builds_the_same_marts()
    {
        using (var first = await RunAsync("demo", "--customers", "300", "--seed", "3", "--reset"))
        {
            Assert.Contains(first.Output, l => l.StartsWith("Customers: ", StringComparison.Ordinal));
            Assert.Contains(first.Output, l => l.Contains("psql", StringComparison.Ordinal));
        }

        var truth = await GroundTruth.LoadAsync(Path.Combine(_home.Path, ".customerstream", "sample", GroundTruth.FileName));
        await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truth);
        var before = await MartSnapshot.TakeAsync(_database.ConnectionString);

        using (await RunAsync("demo", "--customers", "300", "--seed", "3", "--reset"))
        {
        }

        var after = await MartSnapshot.TakeAsync(_database.ConnectionString);
        Assert.True(before.Relations["customer_month"].Count > 0);
        var difference = before.FirstDifference(after);
        output.WriteLine(difference ?? "no difference");
        Assert.Null(difference);
    }

    [Fact]
    public async Task Bench_builds_the_same_marts_by_streaming_and_by_plain_sql_and_every_new_order_reaches_them()
    {
        var json = Path.Combine(_home.Path, "bench.json");
        using var bench = await RunAsync("bench", "--customers", "200", "--seed", "7", "--seconds", "1", "--rate", "400", "--json", json);
        foreach (var line in bench.Output)
        {
            output.WriteLine(line);
        }

        Assert.Contains(bench.Output, l => l.Contains("rows where SQL and streaming marts differ: 0 after the full build, 0 after the increment, 0 at the end", StringComparison.Ordinal));
        Assert.Contains(bench.Output, l => l.Contains("lost records    0", StringComparison.Ordinal));
        Assert.Contains(bench.Output, l => l.Contains("steady 400 orders/s", StringComparison.Ordinal) && l.Contains("missing 0", StringComparison.Ordinal));
        Assert.Contains(bench.Output, l => l.TrimStart().StartsWith("identity ", StringComparison.Ordinal) && l.Contains("µs/record", StringComparison.Ordinal));

        // The same figures for scripts: the keys the docs' chart reads, and the verdicts.
        using var figures = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = figures.RootElement;
        foreach (var key in new[] { "full_build_seconds", "full_build_events_per_second", "sql_full_refresh_seconds", "increment_seconds", "increment_sql_seconds",
                     "freshness_rate", "freshness_p50_ms", "freshness_p99_ms", "peak_working_set_bytes", "differing_rows", "lost_records", "stages" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"bench JSON lacks {key}");
        }

        Assert.Equal(0, root.GetProperty("differing_rows").GetInt64());
        Assert.Equal(0, root.GetProperty("lost_records").GetInt64());
        Assert.Equal(400, root.GetProperty("freshness_rate").GetInt32());
        Assert.True(root.GetProperty("stages").GetProperty("identity").GetProperty("records").GetInt64() > 0);

        // What the bench compared is there to check: the baseline's months are the streaming marts' months with
        // orders, and every order the bench sent (1 % of the rows, then 400 for a second) is in mart.orders.
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var months = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM baseline.customer_month),
                   (SELECT count(*) FROM mart.customer_month WHERE order_count > 0 OR refunded_amount <> 0),
                   (SELECT count(*) FROM mart.orders WHERE order_id LIKE 'bench-inc-%'),
                   (SELECT count(*) FROM mart.orders WHERE order_id LIKE 'bench-steady-%')
            """);
        await using var reader = await months.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        var summary = System.Text.RegularExpressions.Regex.Match(bench.Output.Single(l => l.StartsWith("bench: ", StringComparison.Ordinal)), @"people, ([\d,]+) source rows");
        var rows = long.Parse(summary.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal((long)Math.Ceiling(rows / 100.0), reader.GetInt64(2));
        Assert.Equal(400L, reader.GetInt64(3));
    }

    [Fact]
    public async Task Demo_on_input_files_then_rebuild_reproduces_every_row_and_the_bi_role_reads_only_the_marts()
    {
        var input = Path.Combine(_home.Path, "input");
        using (await RunAsync("generate", "--customers", "200", "--months", "6", "--seed", "5", "--out", input))
        {
        }

        using var demo = CliProcess.Start(_home.Path, Environment(), "demo", "--input", input, "--keep-running");
        try
        {
            await demo.WaitForLineAsync("The stack stays up", RunTimeout);
            var truth = await GroundTruth.LoadAsync(Path.Combine(input, GroundTruth.FileName));
            await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truth);
            var before = await MartSnapshot.TakeAsync(_database.ConnectionString);
            var downstream = await MartAssertions.DownstreamQueryAsync(_database.ConnectionString);

            using (var rebuild = await RunAsync("rebuild"))
            {
                Assert.Contains(rebuild.Output, l => l.StartsWith("Rebuilt ", StringComparison.Ordinal));
            }

            Assert.Null(before.FirstDifference(await MartSnapshot.TakeAsync(_database.ConnectionString)));
            Assert.Equal(downstream, await MartAssertions.DownstreamQueryAsync(_database.ConnectionString));

            var unit = await MartAssertions.AnyBusinessUnitAsync(_database.ConnectionString);
            using (await RunAsync("rebuild", "--business-unit", unit))
            {
            }

            Assert.Null(before.FirstDifference(await MartSnapshot.TakeAsync(_database.ConnectionString)));
            await MartAssertions.BiRoleReadsOnlyMartAsync(_database.ConnectionString);
            await PersonalDataAssertions.OnlyThePiiRoleReadsPersonalDataAsync(_database.ConnectionString, input, truth);
            await ExplainAssertions.ExplanationsNameTheLinkingRecordsAsync(_database.ConnectionString, input, truth);
            var someone = truth.Customers.First(c => c.Identifiers.Count >= 2);
            using (var explain = await RunAsync("explain", someone.Identifiers[0], "--json"))
            {
                using var json = System.Text.Json.JsonDocument.Parse(string.Join('\n', explain.Output));
                Assert.Equal(someone.CustomerId, json.RootElement.GetProperty("customer_id").GetString());
                Assert.Equal(someone.Identifiers.Count - 1, json.RootElement.GetProperty("evidence").GetArrayLength());
                Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("evidence")[0].GetProperty("source_ref").GetString()));
            }

            using (var explain = await RunAsync("explain", someone.CustomerId))
            {
                Assert.Contains(explain.Output, l => l.StartsWith($"Customer {someone.CustomerId}", StringComparison.Ordinal));
                Assert.Contains(explain.Output, l => l.StartsWith("Survivor: ", StringComparison.Ordinal));
            }

            demo.Terminate();
            Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            demo.DumpTo(output);
        }
    }

    private Dictionary<string, string?> Environment() => new() { ["CS_POSTGRES"] = _database.ConnectionString };

    private Task<CliProcess> RunAsync(params string[] args) =>
        CliProcess.RunToSuccessAsync(_home.Path, Environment(), RunTimeout, output, args);
}

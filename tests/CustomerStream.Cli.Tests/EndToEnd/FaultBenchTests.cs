using System.Diagnostics;
using System.Text.Json;
using CustomerStream.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// `customerstream bench --faults` at a small size, with the faults whose recovery is quick (a PostgreSQL cut, the
/// ingest API and the projection SIGKILLed and restarted): every order the API accepted reaches the marts and the marts
/// equal the plain-SQL refresh. The whole schedule (every fault, the broker ones included) is a benchmark, not a test:
/// see docs/benchmarks.md.
/// </summary>
public sealed class FaultBenchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private readonly TemporaryDirectory _home = new("cs-fault-bench-");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Bench_faults_loses_no_accepted_order_and_leaves_the_marts_equal_to_plain_sql()
    {
        var json = Path.Combine(_home.Path, "faults.json");
        var clock = Stopwatch.StartNew();
        using var bench = CliProcess.Start(_home.Path, new Dictionary<string, string?> { ["CS_POSTGRES"] = _database.ConnectionString },
            "bench", "--faults", "--customers", "200", "--rate", "100", "--fault-seconds", "3", "--settle-seconds", "8",
            "--fault", "PostgreSQL cut", "--fault", "kill ingest-api", "--fault", "kill projection", "--json", json);
        var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(8));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:N0} s");
        foreach (var line in bench.Output.Concat(bench.Error))
        {
            output.WriteLine(line);
        }

        Assert.Equal(0, exitCode);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = figures.RootElement;
        Assert.Equal(0, root.GetProperty("lost_records").GetInt64());
        Assert.Equal(0, root.GetProperty("differing_rows").GetInt64());
        Assert.Equal(0, root.GetProperty("services_stopped_on_their_own").GetInt32());
        Assert.Equal(["PostgreSQL cut", "kill ingest-api", "kill projection"], root.GetProperty("faults").EnumerateArray().Select(f => f.GetProperty("fault").GetString()));
        Assert.True(root.GetProperty("postgres_connections_dropped").GetInt32() > 0, "the cut dropped no connection: it cut nothing");
        Assert.True(root.GetProperty("faults")[1].GetProperty("orders_re_sent").GetInt32() > 0, "no batch was sent again while the ingest API was down");

        // Every order the feed sent is in the marts (the bench's own accounting, checked from outside).
        await using var marts = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var count = marts.CreateCommand("SELECT count(*) FROM mart.orders WHERE order_id LIKE 'bench-faults-%'");
        Assert.Equal(root.GetProperty("orders").GetInt64(), (long)(await count.ExecuteScalarAsync())!);
    }
}

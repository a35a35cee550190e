using System.Diagnostics;
using System.Globalization;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Queries;
using Npgsql;

// Times the console read API's statements (CustomerReadSql) and its search and explain (CustomerReads) on an
// existing database filled by `customerstream bench --bi` (customers person<i>@example.com, "Person <i>"), the way
// bench --bi times its reads: 1,000 samples each, statements auto-prepared after 3 uses, every row read; after a
// warm-up pass over another sample. Read-only: every transaction is (default_transaction_read_only), as in the console.
//   dotnet run -c Release --project scripts/console-read-timings -- "Host=…;Database=cs_projection" [customers]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: console-read-timings CONNECTION_STRING [CUSTOMERS, default 1000000]");
    return 2;
}

var customers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var connection = new NpgsqlConnectionStringBuilder(args[0])
{
    ApplicationName = "console-read-timings", MaxAutoPrepare = 32, AutoPrepareMinUsages = 3, Options = "-c default_transaction_read_only=on",
};
await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
var reads = new CustomerReads(dataSource);
const int Samples = 1_000;

var warm = Sample(8);
await TimeAsync(CustomerReadSql.SearchByEmail, warm.Emails);
await TimeAsync(CustomerReadSql.SearchByName, warm.Names);
await TimeCallAsync(warm.Ids, async id => (await reads.ExplainAsync(id, CancellationToken.None))?.StrongIdentifiers.Count ?? 0);

var sample = Sample(7);
var ids = sample.Ids.Select(i => new[] { i }).ToList();
var results = new List<(string Read, Timing Timing)>
{
    ("statement: search by e-mail prefix", await TimeAsync(CustomerReadSql.SearchByEmail, sample.Emails)),
    ("statement: search by name prefix", await TimeAsync(CustomerReadSql.SearchByName, sample.Names)),
    ("GET /v1/customers?q=person123 (prefix)", await TimeCallAsync(sample.Emails.Select(e => e[0]).ToList(), async q => (await reads.SearchAsync(q, CancellationToken.None)).Count)),
    ("GET /v1/customers?q=person 123 (two words)", await TimeCallAsync(sample.Names.Select(n => "person " + n[0]).ToList(), async q => (await reads.SearchAsync(q, CancellationToken.None)).Count)),
    ("statement: explain subject", await TimeAsync(CustomerReadSql.ExplainSubject, ids)),
    ("statement: explain links", await TimeAsync(CustomerReadSql.ExplainLinks, ids)),
    ("statement: explain evidence", await TimeAsync(CustomerReadSql.Evidence, ids)),
    ("statement: merges", await TimeAsync(CustomerReadSql.Merges, ids)),
    ("GET /v1/customers/{id}/explain (all of it)", await TimeCallAsync(sample.Ids, async id => (await reads.ExplainAsync(id, CancellationToken.None))?.StrongIdentifiers.Count ?? 0)),
};

Console.WriteLine($"console reads on {customers:N0} customers; load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"  {"read",-46} {"p50",9} {"p99",9} {"max",9}  runs  rows/run");
foreach (var (read, t) in results)
{
    Console.WriteLine($"  {read,-46} {t.P50,6:F2} ms {t.P99,6:F2} ms {t.Max,6:F2} ms  {t.Runs,4}  {t.RowsPerRun,8:F1}");
}

Console.WriteLine($"process CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s");
return 0;

// Prefixes of 1 to 6 digits of a random customer's number (each page stops at 20 however many share it), and the
// Customer360 IDs of random customers (those bench --bi left out, every 50th to 52nd, are skipped).
(List<string[]> Emails, List<string[]> Names, List<string> Ids) Sample(int seed)
{
    var random = new Random(seed);
    string Digits() => random.Next(customers).ToString(CultureInfo.InvariantCulture) is var n ? n[..Math.Min(n.Length, random.Next(1, 7))] : "";
    var emails = Enumerable.Range(0, Samples).Select(_ => "person" + Digits()).Select(p => new[] { p, CustomerReadSql.PrefixUpperBound(p) }).ToList();
    var names = Enumerable.Range(0, Samples).Select(_ => Digits()).Select(p => new[] { p, CustomerReadSql.PrefixUpperBound(p) }).ToList();
    var ids = Enumerable.Range(0, Samples).Select(_ => random.Next(customers)).Where(i => i % 50 > 2)
        .Select(i => Customer360Id.From(Identifier.Email($"person{i}@example.com")).Value).ToList();
    return (emails, names, ids);
}

async Task<Timing> TimeAsync(string sql, IReadOnlyList<string[]> arguments)
{
    var times = new List<double>();
    long rows = 0;
    await using var session = await dataSource.OpenConnectionAsync();
    foreach (var values in arguments)
    {
        await using var command = new NpgsqlCommand(sql, session);
        command.Parameters.AddRange(values.Select(v => new NpgsqlParameter { Value = v }).ToArray());
        var clock = Stopwatch.GetTimestamp();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }

        times.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    }

    return Timing.Of(times, rows);
}

async Task<Timing> TimeCallAsync(IReadOnlyList<string> arguments, Func<string, Task<int>> call)
{
    var times = new List<double>();
    long rows = 0;
    foreach (var argument in arguments)
    {
        var clock = Stopwatch.GetTimestamp();
        rows += await call(argument);
        times.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    }

    return Timing.Of(times, rows);
}

/// <summary>p50, p99 and max of a read's runs, in milliseconds.</summary>
internal sealed record Timing(double P50, double P99, double Max, int Runs, double RowsPerRun)
{
    public static Timing Of(List<double> times, long rows)
    {
        times.Sort();
        double At(double p) => times[Math.Clamp((int)Math.Ceiling(p / 100 * times.Count) - 1, 0, times.Count - 1)];
        return new Timing(At(50), At(99), times[^1], times.Count, (double)rows / times.Count);
    }
}

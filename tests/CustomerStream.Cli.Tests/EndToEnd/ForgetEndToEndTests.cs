using System.Text.RegularExpressions;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Generation;
using CustomerStream.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// `customerstream forget` on the generated sample, checked against two independent answers: the ground truth
/// without the forgotten people (the contract oracle's customers minus theirs), and a second stack that never saw
/// their records (the same files without their lines). Every mart relation must equal the second stack's, after
/// the erasure, after a `rebuild`, and after their records are sent again; and no text column either BI role reads
/// may hold their e-mail addresses, phones or names.
/// </summary>
public sealed partial class ForgetEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(4);
    private readonly PostgresDatabaseFixture _database = new();
    private readonly PostgresDatabaseFixture _reference = new();
    private readonly TemporaryDirectory _home = new("cs-forget-");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _reference.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        await _reference.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Forgotten_people_leave_the_marts_of_a_run_without_their_records_and_neither_a_rebuild_nor_a_late_resend_brings_them_back()
    {
        var input = Path.Combine(_home.Path, "input");
        using (await RunAsync(_database, "generate", "--customers", "200", "--months", "6", "--seed", "5", "--out", input))
        {
        }

        var truth = await GroundTruth.LoadAsync(Path.Combine(input, GroundTruth.FileName));
        var people = ForgottenPeople.Choose(truth, 5);
        Assert.Equal(5, people.Count);
        Assert.Contains(people, p => p.Customer.Identifiers.Count >= 2);
        var truthWithout = ForgottenPeople.Without(truth, people.Select(p => p.Customer).ToList());
        var personal = ForgottenData.Of(input, people);

        // The answer: a stack that never saw their records.
        var without = Path.Combine(_home.Path, "without");
        ForgottenPeople.CopyWithout(input, without, people);
        using (await RunAsync(_reference, "demo", "--input", without, "--reset"))
        {
        }

        await MartAssertions.MatchGroundTruthAsync(_reference.ConnectionString, truthWithout);
        var expected = Comparable(await MartSnapshot.TakeAsync(_reference.ConnectionString));

        using var demo = CliProcess.Start(_home.Path, Environment(_database), "demo", "--input", input, "--keep-running");
        try
        {
            await demo.WaitForLineAsync("The stack stays up", RunTimeout);
            await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truth);
            await personal.AssertReadableAsync(_database.ConnectionString);

            // Each by another name: the Customer360 ID, an alias, an e-mail address, a source id.
            for (var i = 0; i < people.Count; i++)
            {
                var name = NameOf(people[i].Customer, i);
                using var forget = await RunAsync(_database, "forget", name, "--reason", "erasure test", "--wait", "300");
                Assert.Contains(forget.Output, l => l == $"Forgotten: customer {people[i].Customer.CustomerId} is gone from the marts.");
            }

            await SettledAsync(expected, "after the erasures");
            PublishedErasures.AssertTold(_home.Path, people.Select(p => p.Customer.CustomerId).ToList(), personal.Emails);
            await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truthWithout);
            await personal.AssertGoneAsync(_database.ConnectionString);
            await AssertLedgerAsync(people.Count);

            using (var rebuild = await RunAsync(_database, "rebuild"))
            {
                Assert.Contains(rebuild.Output, l => l.StartsWith("Rebuilt ", StringComparison.Ordinal));
            }

            await SettledAsync(expected, "after a rebuild");
            await personal.AssertGoneAsync(_database.ConnectionString);

            // Their records again, late: identity refuses them (and every other record is an exact re-send).
            foreach (var (entity, path) in Commands.DemoCommand.InputFiles(input))
            {
                var kind = entity switch
                {
                    Ingest.Normalization.IngestEntity.Customers => "customers",
                    Ingest.Normalization.IngestEntity.Orders => "orders",
                    _ => "web-events",
                };
                using (await RunAsync(_database, "ingest", kind, path))
                {
                }
            }

            await CaughtUpAsync();
            await SettledAsync(expected, "after their records were sent again");
            await MartAssertions.MatchGroundTruthAsync(_database.ConnectionString, truthWithout);
            await personal.AssertGoneAsync(_database.ConnectionString);

            demo.Terminate();
            Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            demo.DumpTo(output);
        }
    }

    /// <summary>The i-th way of naming a person: its ID, an alias (the ID one of its other identifiers derives), an e-mail, a source id.</summary>
    private static string NameOf(ExpectedCustomer customer, int i)
    {
        var alias = customer.Identifiers.Select(x => Customer360Id.From(Identifier.Parse(x)).Value).FirstOrDefault(id => id != customer.CustomerId);
        var email = customer.Identifiers.FirstOrDefault(x => x.StartsWith("email:", StringComparison.Ordinal))?[6..];
        var source = customer.Identifiers.FirstOrDefault(x => !x.StartsWith("email:", StringComparison.Ordinal));
        return (i % 4) switch
        {
            1 when alias is not null => alias,
            2 when email is not null => email.ToUpperInvariant(),
            3 when source is not null => source,
            _ => customer.CustomerId,
        };
    }

    /// <summary>
    /// The snapshot with the rejected lines' positions left out: the second stack read files without the people's
    /// lines, so the lines after them have other numbers (in input_ref and in the reasons that quote the row, and the
    /// rejection ids derive from them).
    /// </summary>
    private static MartSnapshot Comparable(MartSnapshot snapshot) => snapshot with
    {
        Relations = snapshot.Relations.ToDictionary(
            r => r.Key,
            r => r.Key == "rejected_records"
                ? (IReadOnlyList<string>)r.Value.Select(row => RowNumber().Replace(Position().Replace(row, ""), "row #")).Order(StringComparer.Ordinal).ToList()
                : r.Value,
            StringComparer.Ordinal),
    };

    /// <summary>Waits until the marts equal <paramref name="expected"/> (the global aggregates refresh on their own schedule).</summary>
    private async Task SettledAsync(MartSnapshot expected, string when)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            var difference = expected.FirstDifference(Comparable(await MartSnapshot.TakeAsync(_database.ConnectionString)));
            if (difference is null)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{when}, the marts differ from a run without the people's records: {difference}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private async Task AssertLedgerAsync(int count)
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*), count(DISTINCT erasure_id) FROM projection.erasures");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(count, reader.GetInt64(0));
        Assert.Equal(count, reader.GetInt64(1));
    }

    /// <summary>Waits until every stage has read everything (`status` shows a lag of 0 for every group and topic), twice in a row.</summary>
    private async Task CaughtUpAsync()
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        var quiet = 0;
        while (quiet < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pipeline did not catch up with the re-sent records");
            using var status = await RunAsync(_database, "status");
            var lags = status.Output.Select(l => LagRow().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.NotEmpty(lags);
            quiet = lags.All(l => l == 0) ? quiet + 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static Dictionary<string, string?> Environment(PostgresDatabaseFixture database) => new() { ["CS_POSTGRES"] = database.ConnectionString };

    private Task<CliProcess> RunAsync(PostgresDatabaseFixture database, params string[] args) =>
        CliProcess.RunToSuccessAsync(_home.Path, Environment(database), RunTimeout, output, args);



    [GeneratedRegex(@"(input_ref|rejection_id)=[^|]*\|?")]
    private static partial Regex Position();

    [GeneratedRegex(@"\brow \d+")]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"customerstream-\S+\s*│[^│]+│\s*\d+\s*│\s*([\d,]+)\s*│")]
    private static partial Regex LagRow();
}

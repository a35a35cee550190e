using Confluent.Kafka;
using CustomerStream.Contracts;

namespace CustomerStream.Cli.Tests;

/// <summary>
/// <c>run projection</c> as its own process against a running stack (found through endpoints.json), and the
/// commands that read what it projected: <c>audit customers</c>, <c>profile</c>, <c>explain</c>, <c>status</c>, <c>rebuild</c>.
/// </summary>
public sealed class ServiceCommandsTests(RunningStack stack) : IClassFixture<RunningStack>
{
    [Fact]
    public async Task Run_projection_projects_the_stream_and_audit_profile_status_and_rebuild_read_and_regenerate_the_marts()
    {
        stack.Produce(SampleMarts.Records);
        using var projection = CliProcess.Start(stack.Home, stack.Environment, "run", "projection");
        await Eventually(() => projection.Output.Any(l => l.StartsWith("customerstream projection is running: health at http://127.0.0.1:", StringComparison.Ordinal)), projection);
        await Eventually(async () => await CommittedAsync() == SampleMarts.Records.Count, projection);

        var (auditExit, audit) = await Run("audit", "customers");
        Assert.Equal(0, auditExit);
        Assert.Equal("Customers: 2", audit.Output.First());
        Assert.Contains(audit.Output, line => Row(line) is ["visible", "2", "yes"]);
        Assert.Contains(audit.Output, line => Row(line) is ["test", "1", "no"]);
        Assert.Contains(audit.Output, line => line.Contains("SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'visible'", StringComparison.Ordinal));

        var (profileExit, profile) = await Run("profile", "Alice@Example.com");
        Assert.Equal(0, profileExit);
        Assert.Equal($"Customer {SampleMarts.Alice}", profile.Output.First());
        Assert.Contains(profile.Output, line => Row(line) is ["lifetime_value", "175.5"]);
        Assert.Contains(profile.Output, line => Row(line) is ["identifiers", "crm:1, email:alice@example.com, email:carol@example.com"]);
        Assert.Contains(profile.Output, line => Row(line) is ["crm:1", "strong", "crm", "2024-12-01 00:00:00 UTC"]);
        Assert.Contains(profile.Output, line => Row(line) is ["month", "2025-02-01", "2", "75.50", _, _, _, _]);

        var (aliasExit, alias) = await Run("profile", SampleMarts.Carol);
        Assert.Equal(0, aliasExit);
        Assert.Equal($"Customer {SampleMarts.Alice}", alias.Output.First());
        Assert.Contains(alias.Output, line => line.StartsWith($"  resolved: {SampleMarts.Carol} (merged into) → {SampleMarts.Alice}", StringComparison.Ordinal));

        // `run console` as its own process answers the same from the marts, with its read key only.
        var consoleEnvironment = new Dictionary<string, string?>(stack.Environment)
        {
            ["Customer360__ApiKeys__0"] = "console-test-key-0123456789",
            ["Customer360__Url"] = "http://127.0.0.1:0",
        };
        using (var console = CliProcess.Start(stack.Home, consoleEnvironment, "run", "console"))
        {
            await Eventually(() => console.Output.Any(l => l.StartsWith("  console page http://127.0.0.1:", StringComparison.Ordinal)), console);
            var url = console.Output.First(l => l.StartsWith("customerstream console is running: health at ", StringComparison.Ordinal))
                .Split(' ')[6].Replace(CustomerStream.ServiceDefaults.CustomerStreamDefaults.ReadyPath + ".", "", StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/customers/alice%40example.com")).StatusCode);
            http.DefaultRequestHeaders.Add("X-Api-Key", "console-test-key-0123456789");
            using var answer = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/v1/customers/{SampleMarts.Carol}"));
            Assert.Equal(SampleMarts.Alice, answer.RootElement.GetProperty("customer_id").GetString());
            Assert.Equal(175.5m, answer.RootElement.GetProperty("profile").GetProperty("lifetime_value").GetDecimal());
        }

        var (unknownExit, unknown) = await Run("profile", "nobody@example.com");
        Assert.Equal(1, unknownExit);
        Assert.Equal("customerstream: No customer matches 'nobody@example.com'.", unknown.Error.First());

        // explain: the merge that made Carol an alias of Alice; these hand-made links carry no evidence, and it says so.
        var (explainExit, explain) = await Run("explain", SampleMarts.Carol);
        Assert.Equal(0, explainExit);
        Assert.Equal($"Customer {SampleMarts.Alice} (visible)", explain.Output.First());
        Assert.Contains(explain.Output, line => line.StartsWith($"  {SampleMarts.Carol} → {SampleMarts.Alice} at ", StringComparison.Ordinal) && line.EndsWith(": same_email", StringComparison.Ordinal));
        Assert.Contains(explain.Output, line => line.StartsWith("  no recorded evidence reaches ", StringComparison.Ordinal));
        var (unknownExplainExit, unknownExplain) = await Run("explain", "nobody@example.com");
        Assert.Equal(1, unknownExplainExit);
        Assert.Equal("customerstream: No customer matches 'nobody@example.com'.", unknownExplain.Error.First());

        var (statusExit, status) = await Run("status");
        Assert.Equal(0, statusExit);
        Assert.Contains(status.Output, line => Row(line) is ["customerstream-projection", Topics.AggregateChanges, "2", "0"]);
        Assert.Contains(status.Output, line => Row(line) is ["customer_profile", "3"]);
        Assert.Contains(status.Output, line => Row(line) is ["customer_merges", "1"]);
        Assert.Contains(status.Output, line => Row(line) is ["rejected_records", "1"]);

        var before = await MartRowsAsync();
        var (rebuildExit, rebuild) = await Run("rebuild");
        Assert.Equal(0, rebuildExit);
        Assert.Contains(rebuild.Output, line => line.StartsWith($"Rebuilt all marts: cleared ", StringComparison.Ordinal) && line.Contains($"replayed {SampleMarts.Records.Count} records", StringComparison.Ordinal));
        Assert.Equal(before, await MartRowsAsync());

        var (unitExit, unit) = await Run("rebuild", "--business-unit", "retail");
        Assert.Equal(0, unitExit);
        Assert.Contains(unit.Output, line => line.StartsWith("Rebuilt business unit 'retail': ", StringComparison.Ordinal));
        Assert.Equal(before, await MartRowsAsync());

        // A record the projection cannot decode goes to its dead-letter topic: status counts it, dead-letters lists it,
        // and --replay sends it back to its topic once (here it is still undecodable, so it comes back as a new dead letter).
        using (var raw = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = stack.Kafka.BootstrapServers }).Build())
        {
            await raw.ProduceAsync(Topics.IngestRejected, new Message<byte[], byte[]> { Key = "poison"u8.ToArray(), Value = "{\"not\": \"avro\"}"u8.ToArray() });
        }

        await Eventually(async () => await CommittedAsync() == SampleMarts.Records.Count + 1, projection);
        var (deadStatusExit, deadStatus) = await Run("status");
        Assert.Equal(0, deadStatusExit);
        Assert.Contains(deadStatus.Output, line => line.StartsWith("Dead letters: projection 1;", StringComparison.Ordinal));
        var (listExit, list) = await Run("dead-letters", "--stage", "projection");
        Assert.Equal(0, listExit);
        Assert.Contains("1 dead letters, 1 not replayed;", string.Join('\n', list.Output), StringComparison.Ordinal);

        var (replayExit, replay) = await Run("dead-letters", "--replay");
        Assert.Equal(0, replayExit);
        Assert.Equal("Replayed 1 dead letters to their source topics.", replay.Output.Last());
        await Eventually(async () => await CommittedAsync() == SampleMarts.Records.Count + 2, projection);
        var (listedExit, listed) = await Run("dead-letters");
        Assert.Equal(0, listedExit);
        Assert.Contains("2 dead letters, 1 not replayed;", string.Join('\n', listed.Output), StringComparison.Ordinal);

        projection.Terminate();
        Assert.Equal(0, await projection.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.Contains("customerstream projection: stopped cleanly.", projection.Output);
    }

    [Fact]
    public async Task Mart_commands_without_installed_marts_say_so_in_one_line_with_a_hint()
    {
        var empty = new Testing.PostgresDatabaseFixture();
        await empty.InitializeAsync();
        try
        {
            var environment = new Dictionary<string, string?>(stack.Environment) { ["CS_POSTGRES"] = empty.ConnectionString };
            var (exitCode, audit) = await CliProcess.RunAsync(stack.Home, environment, "audit", "customers");

            Assert.Equal(1, exitCode);
            Assert.StartsWith("customerstream: The marts are not installed in 127.0.0.1:5432/", audit.Error.First());
            Assert.StartsWith("  hint: the projection creates them when it starts", audit.Error.ElementAt(1));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    private Task<(int ExitCode, CliProcess Process)> Run(params string[] args) => CliProcess.RunAsync(stack.Home, stack.Environment, args);

    /// <summary>Every mart row that a rebuild must reproduce (timestamps of the write itself left out).</summary>
    private async Task<List<string>> MartRowsAsync()
    {
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT customer_id, visibility_status, lifetime_value, total_transactions, tier, version FROM mart.customer_profile",
                     "SELECT customer_id, period_start, order_count, revenue FROM mart.customer_month",
                     "SELECT customer_id, grain, period_start, business_unit, order_count, revenue FROM mart.customer_period_unit",
                     "SELECT identifier, customer_id FROM mart.identity_links",
                     "SELECT input_ref, reason_code FROM mart.rejected_records",
                 })
        {
            await using var connection = new Npgsql.NpgsqlConnection(stack.MartsConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Offsets the projection's group committed on its four topics.</summary>
    private Task<long> CommittedAsync() => Task.Run(() =>
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = stack.Kafka.BootstrapServers, GroupId = "customerstream-projection" }).Build();
        var partitions = new[] { Topics.AggregateChanges, Topics.IdentityLinks, Topics.CustomerMerged, Topics.IngestRejected }
            .SelectMany(t => Enumerable.Range(0, 2).Select(p => new TopicPartition(t, p))).ToList();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(o => Math.Max(0, o.Offset.Value));
    });

    /// <summary>The cells of a table row as the CLI draws it (<c>│ a │ b │</c>).</summary>
    private static string[] Row(string line) =>
        line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Task Eventually(Func<bool> condition, CliProcess process) => Eventually(() => Task.FromResult(condition()), process);

    private static async Task Eventually(Func<Task<bool>> condition, CliProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"timed out or exited: {string.Join('\n', process.Output.Concat(process.Error))}");
            await Task.Delay(100);
        }
    }
}

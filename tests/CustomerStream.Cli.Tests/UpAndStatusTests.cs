using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Cli.Bench;
using CustomerStream.Cli.Commands;
using CustomerStream.Cli.Stack;
using CustomerStream.Kafka.Topics;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;

namespace CustomerStream.Cli.Tests;

/// <summary>
/// <c>up</c> and <c>status</c> as separate processes, with a third party (this test) using what
/// <c>.customerstream/endpoints.json</c> says, the way kcat and <c>customerstream run</c> do.
/// </summary>
public sealed class UpAndStatusTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("cs-up-");
    private readonly PostgresDatabaseFixture _database = new();

    private string Home => _directory.Path;

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    private Dictionary<string, string?> Environment() => new() { ["CS_POSTGRES"] = _database.ConnectionString };

    [Fact]
    public async Task Up_serves_the_product_topics_to_other_processes_status_reports_them_and_SIGTERM_stops_it_cleanly()
    {
        using var up = CliProcess.Start(Home, Environment(), "up", "--infra-only", "--partitions", "2");
        await Eventually(() => up.Output.Contains("Press Ctrl-C to stop."), up);
        var endpoints = (await StackEndpoints.ReadAsync(StackEndpoints.PathUnder(Home), CancellationToken.None))!;
        Assert.Contains($"  kafka_bootstrap   {endpoints.KafkaBootstrap}", up.Output);
        Assert.Equal(up.Id, endpoints.Pid);
        Assert.Equal(_database.ConnectionString, endpoints.Postgres);
        Assert.NotNull(endpoints.SchemaRegistryUrl);
        Assert.DoesNotContain(up.Output, line => line.Contains("Password=customerstream", StringComparison.Ordinal));
        using (var http = new HttpClient())
        {
            var subjects = await http.GetStringAsync(endpoints.SchemaRegistryUrl + "/subjects");
            Assert.Contains("\"ingest.orders.v1-value\"", subjects);
        }

        ProduceAndCommitOne(endpoints.KafkaBootstrap, "ingest.orders.v1", messages: 3, group: "customerstream-identity");
        using (var provisioner = new RemoteTopicProvisioner(new Uri(endpoints.KafkaAdminUrl!), TimeSpan.FromSeconds(30)))
        {
            var created = await provisioner.EnsureTopicsAsync([new TopicSpec("from-another-process", 3)], CancellationToken.None);
            Assert.True(Assert.Single(created).Created);
        }

        var (statusExit, status) = await CliProcess.RunAsync(Home, "status");
        Assert.Equal(0, statusExit);
        Assert.Contains(status.Output, line => Row(line) is ["ingest.orders.v1", "2", "3"]);
        Assert.Contains(status.Output, line => Row(line) is ["from-another-process", "3", "0"]);
        Assert.Contains(status.Output, line => Row(line) is ["customerstream-identity", "ingest.orders.v1", "2", "2"]);

        var (secondExit, second) = await CliProcess.RunAsync(Home, "up");
        Assert.Equal(1, secondExit);
        Assert.Contains(second.Error, line => line.StartsWith($"customerstream: A stack is already up here (pid {up.Id}", StringComparison.Ordinal));

        up.Terminate();
        Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("customerstream up: stopped cleanly.", up.Output);
        Assert.Empty(up.Error);
        Assert.False(File.Exists(StackEndpoints.PathUnder(Home)));

        var (afterExit, after) = await CliProcess.RunAsync(Home, "status");
        Assert.Equal(1, afterExit);
        Assert.StartsWith("customerstream: No stack is running here", after.Error.First());
    }

    [Fact]
    public async Task Status_shows_per_stage_the_retries_a_registry_outage_caused_and_the_dead_letter_it_ended_in()
    {
        using var up = CliProcess.Start(Home, Environment(), "up", "--infra-only");
        await Eventually(() => up.Output.Contains("Press Ctrl-C to stop."), up);
        var endpoints = (await StackEndpoints.ReadAsync(StackEndpoints.PathUnder(Home), CancellationToken.None))!;
        var registry = new Uri(endpoints.SchemaRegistryUrl!);
        await using var relay = new TcpRelay(registry.Host, registry.Port);
        var environment = new Dictionary<string, string?>(Environment())
        {
            ["SchemaRegistry__Url"] = $"http://127.0.0.1:{relay.Port}{registry.AbsolutePath}",
            ["Identity__StateDirectory"] = Path.Combine(Home, "state", "identity"),
        };
        await using var services = new ServiceProcesses(Home, environment);
        services.Start("identity");
        await services.WaitForOutputAsync("identity", "customerstream identity is running", TimeSpan.FromMinutes(2));

        // A record in the registry's wire format under the orders schema's real ID, with no body: identity has to fetch
        // the schema, which it cannot while the registry is cut (it retries, skipping nothing), and once it can, the
        // empty body cannot be decoded (a dead letter).
        int schemaId;
        using (var http = new HttpClient())
        {
            using var latest = JsonDocument.Parse(await http.GetStringAsync($"{endpoints.SchemaRegistryUrl}/subjects/ingest.orders.v1-value/versions/latest"));
            schemaId = latest.RootElement.GetProperty("id").GetInt32();
        }

        relay.Cut();
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = endpoints.KafkaBootstrap }).Build())
        {
            await producer.ProduceAsync("ingest.orders.v1", new Message<string, byte[]> { Key = "k", Value = [0, .. BitConverter.GetBytes(System.Net.IPAddress.HostToNetworkOrder(schemaId))] });
        }

        var identityUrl = Assert.Single(RunningServices.Read(Home), s => s.Name == "identity").Url;
        using (var health = new HttpClient())
        {
            await Eventually(async () => (await StageFaults.AskAsync(health, "identity", identityUrl, CancellationToken.None)).Any(r => r.Retries > 0), up);
            relay.Restore();
            await Eventually(async () => (await StageFaults.AskAsync(health, "identity", identityUrl, CancellationToken.None)).Any(r => r.DeadLetters == 1), up);
        }

        var (statusExit, status) = await CliProcess.RunAsync(Home, "status");
        Assert.Equal(0, statusExit);
        Assert.Contains("Records lost to retention: none (no consumer group's position is behind the log start).", status.Output);
        var row = Assert.Single(status.Output.Select(Row), cells => cells is ["identity", _, _, _, _, _]);
        Assert.True(long.Parse(row[3], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 0, $"retries: {row[3]}");
        Assert.Equal(["1", "0"], row[4..]);
        Assert.Contains(status.Output, line => line.StartsWith("Dead letters: identity 1", StringComparison.Ordinal));
    }

    private static void ProduceAndCommitOne(string bootstrap, string topic, int messages, string group)
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            for (var i = 0; i < messages; i++)
            {
                producer.Produce(topic, new Message<Null, string> { Value = $"m{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ConsumeResult<Ignore, string>? first = null;
        while (first is null && DateTime.UtcNow < deadline)
        {
            first = consumer.Consume(TimeSpan.FromMilliseconds(200));
        }

        consumer.Commit(first ?? throw new TimeoutException("nothing consumed"));
        consumer.Close();
    }

    /// <summary>The cells of a table row as the CLI draws it (<c>│ a │ b │</c>).</summary>
    private static string[] Row(string line) =>
        line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static async Task Eventually(Func<Task<bool>> condition, CliProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not come true: {string.Join('\n', process.Output.Concat(process.Error).TakeLast(40))}");
            await Task.Delay(200);
        }
    }

    private static async Task Eventually(Func<bool> condition, CliProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"up did not come up: {string.Join('\n', process.Output.Concat(process.Error))}");
            await Task.Delay(100);
        }
    }
}

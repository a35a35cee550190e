using CustomerStream.Testing;

namespace CustomerStream.Cli.Tests;

/// <summary>The command tree, its help and its exit codes, invoked in process.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Every_command_of_the_spec_is_there()
    {
        var root = CustomerStreamCli.Build();

        Assert.Equal(
            ["demo", "up", "run", "ingest", "generate", "rebuild", "audit", "profile", "explain", "forget", "status", "dead-letters", "bench"],
            root.Subcommands.Select(c => c.Name));
        Assert.Equal(["customers"], root.Subcommands.Single(c => c.Name == "audit").Subcommands.Select(c => c.Name));
        Assert.All(root.Subcommands, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("demo", "--help")]
    [InlineData("up", "--help")]
    [InlineData("run", "--help")]
    [InlineData("ingest", "--help")]
    [InlineData("generate", "--help")]
    [InlineData("rebuild", "--help")]
    [InlineData("audit", "customers", "--help")]
    [InlineData("profile", "--help")]
    [InlineData("forget", "--help")]
    [InlineData("status", "--help")]
    [InlineData("dead-letters", "--help")]
    [InlineData("bench", "--help")]
    public async Task Every_command_explains_itself(params string[] args)
    {
        var (exitCode, output, _) = await RunAsync(args);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output);
        Assert.Contains("--verbose", output);
    }

    [Fact]
    public async Task No_arguments_show_the_help()
    {
        var (exitCode, output, _) = await RunAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Commands:", output);
    }

    [Fact]
    public async Task Demo_without_a_reachable_postgres_says_so_in_one_line_with_a_hint()
    {
        // CliProcess's CS_POSTGRES names a role that does not exist.
        using var home = new TemporaryDirectory("cs-cli-");
        var (exitCode, process) = await CliProcess.RunAsync(home.Path, "demo", "--customers", "10");

        Assert.Equal(1, exitCode);
        var lines = process.Error.ToArray();
        Assert.StartsWith("customerstream: PostgreSQL: ", lines[0]);
        Assert.StartsWith("  hint: is it running", lines[1]);
    }

    [Fact]
    public async Task Generate_writes_the_sample_files_the_sources_and_the_ground_truth_and_the_same_seed_gives_the_same_bytes()
    {
        using var first = new TemporaryDirectory("cs-gen-");
        using var second = new TemporaryDirectory("cs-gen-");

        var (exitCode, output, error) = await RunAsync("generate", "--customers", "40", "--months", "2", "--seed", "9", "--out", first.Path);
        await RunAsync("generate", "--customers", "40", "--months", "2", "--seed", "9", "--out", second.Path);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Contains($"Ground truth: {Path.Combine(first.Path, "ground_truth.json")}: ", output);
        string[] files = ["customers_crm.csv", "customers_shop.csv", "orders_crm.csv", "orders_shop.csv", "web_events_site.ndjson", "web_events_app.ndjson", "sources.json", "ground_truth.json"];
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, f)), File.ReadAllBytes(Path.Combine(second.Path, f))));
    }

    [Fact]
    public async Task Generate_refuses_sizes_out_of_range_as_a_usage_error()
    {
        using var folder = new TemporaryDirectory("cs-gen-");

        var (exitCode, _, error) = await RunAsync("generate", "--customers", "0", "--out", folder.Path);

        Assert.Equal(2, exitCode);
        Assert.Equal(["customerstream: --customers must be from 1 to 10,000,000 (got 0).", "  hint: `customerstream generate --help` shows the usage"], Lines(error));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "billing")]
    [InlineData("up", "--brokers", "0")]
    [InlineData("ingest", "parcels", "x.csv")]
    [InlineData("generate")]
    [InlineData("forget")]
    [InlineData("forget", "crm:1", "--wait", "-1")]
    public async Task A_wrong_command_line_gets_one_line_per_error_a_hint_and_exit_code_2(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        var lines = Lines(error);
        Assert.All(lines[..^1], line => Assert.StartsWith("customerstream: ", line));
        Assert.Matches("^  hint: `customerstream.* --help` shows the usage$", lines[^1]);
    }

    [Fact]
    public async Task Run_bridge_without_RabbitMQ_says_which_setting_names_it()
    {
        using var home = new TemporaryDirectory("cs-cli-");
        var environment = new Dictionary<string, string?>
        {
            ["Kafka__BootstrapServers"] = "127.0.0.1:9",
            ["SchemaRegistry__Url"] = "http://127.0.0.1:9",
            ["CS_RABBITMQ"] = null,
            ["RabbitMq__Url"] = null,
        };
        var (exitCode, process) = await CliProcess.RunAsync(home.Path, environment, "run", "bridge");

        Assert.Equal(1, exitCode);
        var lines = process.Error.ToArray();
        Assert.Equal("customerstream: No RabbitMQ is configured.", lines[0]);
        Assert.StartsWith("  hint: set CS_RABBITMQ=amqp://", lines[1]);
    }

    [Theory]
    [InlineData("device:d-1", "not a person")]
    [InlineData("somebody", "neither a Customer360 ID")]
    public async Task Forget_refuses_what_names_no_person_in_one_line_before_it_reaches_the_stack(string subject, string reason)
    {
        var (exitCode, _, error) = await RunAsync("forget", subject);

        Assert.Equal(1, exitCode);
        Assert.Contains(reason, Lines(error)[0], StringComparison.Ordinal);
        Assert.Contains("hint:", string.Join('\n', Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_without_a_subject_points_at_the_subjects()
    {
        var (exitCode, _, error) = await RunAsync("audit");

        Assert.Equal(2, exitCode);
        Assert.Equal(["customerstream: `customerstream audit` needs a subject.", "  hint: `customerstream audit customers`"], Lines(error));
    }

    [Fact]
    public async Task A_failure_while_starting_is_one_line_and_a_hint_without_a_stack_trace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, _, error) = await RunAsync("up", "--http-port", port.ToString());

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [$"customerstream: Port {port} is taken: Failed to bind to address http://127.0.0.1:{port}: address already in use.", "  hint: choose another --http-port, or 0 for a free one"],
            Lines(error));
    }

    private static string[] Lines(string text) =>
        text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CustomerStreamCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

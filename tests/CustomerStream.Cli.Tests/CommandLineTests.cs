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
            ["demo", "up", "run", "ingest", "generate", "rebuild", "audit", "profile", "status"],
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
    [InlineData("status", "--help")]
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

    [Theory]
    [InlineData("run", "identity")]
    [InlineData("run", "ingest-api")]
    [InlineData("rebuild", "--business-unit", "retail")]
    public async Task A_command_that_needs_a_running_stack_says_none_is_up_in_one_line_with_a_hint(params string[] args)
    {
        using var home = new TemporaryDirectory("cs-cli-");
        var (exitCode, process) = await CliProcess.RunAsync(home.Path, args);

        Assert.Equal(1, exitCode);
        Assert.Empty(process.Output);
        var lines = process.Error.ToArray();
        Assert.StartsWith("customerstream: No stack is running here", lines[0]);
        Assert.StartsWith("  hint: start one with `./customerstream up`", lines[1]);
    }

    [Theory]
    [InlineData("demo", "--customers", "10")]
    [InlineData("audit", "customers")]
    [InlineData("profile", "someone@example.com")]
    public async Task A_command_that_cannot_reach_postgres_says_so_in_one_line_with_a_hint(params string[] args)
    {
        // CliProcess's CS_POSTGRES names a role that does not exist.
        using var home = new TemporaryDirectory("cs-cli-");
        var (exitCode, process) = await CliProcess.RunAsync(home.Path, args);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain(process.Output, l => l.Contains("Customers", StringComparison.Ordinal));
        var lines = process.Error.ToArray();
        Assert.StartsWith("customerstream: PostgreSQL: ", lines[0]);
        Assert.StartsWith("  hint: is it running", lines[1]);
    }

    [Fact]
    public async Task Ingest_refuses_a_file_when_no_stack_is_up_and_generate_writes_a_sample_with_its_ground_truth()
    {
        var file = Path.GetTempFileName();
        using var folder = new TemporaryDirectory("cs-generate-");
        try
        {
            Assert.Equal(1, (await CliProcess.RunAsync(folder.Path, "ingest", "orders", file, "--source", "shop")).ExitCode);
            var (exitCode, output, _) = await RunAsync("generate", "--customers", "10", "--months", "2", "--seed", "7", "--out", folder.Path);
            Assert.Equal(0, exitCode);
            Assert.Contains("ground_truth.json", output);
            Assert.True(File.Exists(Path.Combine(folder.Path, "ground_truth.json")));
            Assert.True(File.Exists(Path.Combine(folder.Path, "orders_shop.csv")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "billing")]
    [InlineData("up", "--brokers", "0")]
    [InlineData("ingest", "parcels", "x.csv")]
    [InlineData("generate")]
    public async Task A_wrong_command_line_gets_one_line_per_error_a_hint_and_exit_code_2(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        var lines = Lines(error);
        Assert.All(lines[..^1], line => Assert.StartsWith("customerstream: ", line));
        Assert.Matches("^  hint: `customerstream.* --help` shows the usage$", lines[^1]);
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

using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>demo</c>: the embedded stack end to end, from sample data to settled marts (SPEC §3).</summary>
internal sealed class DemoCommand : CliCommand
{
    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<DirectoryInfo?> _input = new("--input")
    {
        Description = "Ingest the files in DIR (customers*.csv, orders*.csv, web_events*.ndjson) instead of generated data.",
        HelpName = "DIR",
    };

    private readonly Option<bool> _reset = new("--reset")
    {
        Description = "Empty topics, state and marts first.",
    };

    private readonly Option<bool> _keepRunning = new("--keep-running")
    {
        Description = "Keep the stack up after the summary (until Ctrl-C), for querying and other clients.",
    };

    public DemoCommand()
        : base("demo", "Run the embedded stack end to end: generate a messy multi-source sample, stream it through, wait until the marts settle and print a summary.")
    {
        Command.Options.Add(_customers);
        Command.Options.Add(_seed);
        Command.Options.Add(_input);
        Command.Options.Add(_reset);
        Command.Options.Add(_keepRunning);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailableYet(context, "customerstream demo", "the pipeline it runs (ingest, identity, aggregator, projection) has not landed"));
}

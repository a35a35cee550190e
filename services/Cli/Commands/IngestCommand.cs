using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>ingest KIND FILE</c>: sends one file to a running stack.</summary>
internal sealed class IngestCommand : CliCommand
{
    private static readonly string[] Kinds = ["customers", "orders", "web-events"];

    private readonly Argument<string> _kind = new("kind")
    {
        Description = "What the file holds: customers (CSV), orders (CSV) or web-events (NDJSON).",
    };

    private readonly Argument<FileInfo> _file = new("file")
    {
        Description = "The file to send (formats in SPEC §6).",
    };

    private readonly Option<string?> _source = new("--source")
    {
        Description = "Name of the source system the records come from (e.g. crm, shop).",
        HelpName = "NAME",
    };

    public IngestCommand()
        : base("ingest", "Send one file of customers, orders or web events to a running stack (embedded, or real Kafka from the configuration).")
    {
        _kind.AcceptOnlyFromAmong(Kinds);
        _file.AcceptExistingOnly();
        Command.Arguments.Add(_kind);
        Command.Arguments.Add(_file);
        Command.Options.Add(_source);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailableYet(context, "customerstream ingest", "the ingest service has not landed"));
}

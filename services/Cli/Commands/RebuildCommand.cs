using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>rebuild</c>: regenerates the customer × time tables from the retained event log.</summary>
internal sealed class RebuildCommand : CliCommand
{
    private readonly Option<string?> _businessUnit = new("--business-unit")
    {
        Description = "Rebuild only the tables of this business unit.",
        HelpName = "BU",
    };

    public RebuildCommand()
        : base("rebuild", "Regenerate the customer × time tables from the retained event log, in one go.")
    {
        Command.Options.Add(_businessUnit);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailableYet(context, "customerstream rebuild", "the projection service has not landed"));
}

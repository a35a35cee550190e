using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>audit customers</c>: the customer count, its breakdown and how it was derived.</summary>
internal sealed class AuditCommand : CliCommand
{
    public AuditCommand()
        : base("audit", "Explain the figures: how many customers there are and how the count was derived.")
    {
        Command.Subcommands.Add(new CustomersAudit().Command);
    }

    // "audit" alone names nothing to audit; point at the subjects there are.
    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        throw new CliException("`customerstream audit` needs a subject.", "`customerstream audit customers`", ExitCodes.Usage);

    private sealed class CustomersAudit() : CliCommand(
        "customers",
        "The customer count, its breakdown by visibility status and by source, and how it was derived.")
    {
        protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
            Task.FromResult(NotAvailableYet(context, "customerstream audit customers", "the marts it reads have not landed"));
    }
}

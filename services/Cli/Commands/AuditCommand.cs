using System.CommandLine;
using System.Globalization;
using CustomerStream.Projection.Queries;
using CustomerStream.ServiceDefaults;
using Spectre.Console;

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
        protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
            var postgres = stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");
            var audit = await MartConnection.RunAsync(postgres, dataSource => new MartQueries(dataSource).AuditCustomersAsync(cancellationToken));
            Print(context, audit);
            return ExitCodes.Ok;
        }

        private static void Print(CliContext context, CustomerAudit audit)
        {
            var console = context.Out;
            context.Line($"Customers: {N(audit.Visible)}");
            var buckets = new Table().Border(TableBorder.Rounded)
                .AddColumn("Visibility status").AddColumn(new TableColumn("Profiles").RightAligned()).AddColumn("Counted as customers");
            foreach (var bucket in audit.ByVisibility)
            {
                buckets.AddRow(Markup.Escape(bucket.VisibilityStatus), N(bucket.Customers), bucket.VisibilityStatus == "visible" ? "yes" : "no");
            }

            console.Write(buckets);
            if (audit.BySource.Count > 0)
            {
                var sources = new Table().Border(TableBorder.Rounded).AddColumn("Source").AddColumn(new TableColumn("Visible customers").RightAligned());
                foreach (var source in audit.BySource)
                {
                    sources.AddRow(Markup.Escape(source.Source), N(source.VisibleCustomers));
                }

                console.Write(sources);
            }

            context.Line("How it was derived:");
            foreach (var line in audit.Derivation)
            {
                context.Line($"  - {line}");
            }

            var asOf = audit.DataAsOf is { } at ? $"data as of {at:yyyy-MM-dd HH:mm:ss} UTC" : "no customer projected yet";
            context.Line($"({asOf}; answered in {audit.Elapsed.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms)");
        }

        private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}

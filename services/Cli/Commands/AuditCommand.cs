using Spectre.Console;
using Npgsql;
using CustomerStream.Projection.Queries;
using System.Globalization;
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
        protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var (configuration, _) = await StackConfiguration.ReadAsync(context, cancellationToken);
            await using var dataSource = NpgsqlDataSource.Create(StackConfiguration.RequirePostgres(configuration));
            CustomerAudit audit;
            try
            {
                audit = await new MartQueries(dataSource).AuditCustomersAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
            {
                throw new CliException("There are no marts yet.", "run `./customerstream demo` (or a stack with the projection) first");
            }

            context.Line($"Customers: {audit.Visible:N0} (visible Customer360 IDs in mart.customer_profile)");
            var byStatus = new Table().Border(TableBorder.Rounded).AddColumn("visibility_status").AddColumn(new TableColumn("customers").RightAligned());
            foreach (var bucket in audit.ByVisibility)
            {
                byStatus.AddRow(bucket.VisibilityStatus, bucket.Customers.ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Out.Write(byStatus);
            var bySource = new Table().Border(TableBorder.Rounded).AddColumn("source (visible customers known to it)").AddColumn(new TableColumn("customers").RightAligned());
            foreach (var source in audit.BySource)
            {
                bySource.AddRow(Markup.Escape(source.Source), source.VisibleCustomers.ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Out.Write(bySource);
            context.Line($"Merged-away IDs (aliases that still resolve): {audit.Aliases:N0}; rejected input records: {audit.RejectedRecords:N0}; data as of {audit.DataAsOf:yyyy-MM-dd HH:mm:ss} UTC");
            context.Line("How it is derived:");
            foreach (var step in audit.Derivation)
            {
                context.Line($"  - {step}");
            }

            context.Line($"({audit.Elapsed.TotalMilliseconds:N0} ms)");
            return ExitCodes.Ok;
        }
    }
}

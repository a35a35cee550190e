using System.CommandLine;
using System.Globalization;
using CustomerStream.Projection.Queries;
using CustomerStream.ServiceDefaults;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary><c>profile ID|EMAIL</c>: one customer's stitched profile.</summary>
internal sealed class ProfileCommand : CliCommand
{
    private readonly Argument<string> _customer = new("customer")
    {
        Description = "A Customer360 ID (an alias resolves too), an email address or an identifier such as crm:123.",
        HelpName = "ID|EMAIL",
    };

    public ProfileCommand()
        : base("profile", "Show one customer's stitched profile, identifiers and period history.")
    {
        Command.Arguments.Add(_customer);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var query = parse.GetRequiredValue(_customer);
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var postgres = stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");
        var report = await MartConnection.RunAsync(postgres, dataSource => new MartQueries(dataSource).FindProfileAsync(query, cancellationToken))
                     ?? throw new CliException($"No customer matches '{query}'.", "give a Customer360 ID, an e-mail address or an identifier such as crm:123; `customerstream audit customers` shows what is there");
        Print(context, report);
        return ExitCodes.Ok;
    }

    private static void Print(CliContext context, CustomerProfileReport report)
    {
        var console = context.Out;
        context.Line($"Customer {report.CustomerId}");
        foreach (var step in report.ResolvedVia)
        {
            context.Line($"  resolved: {step}");
        }

        var fields = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
        foreach (var (name, value) in report.Fields)
        {
            fields.AddRow(Markup.Escape(name), Markup.Escape(Format(value)));
        }

        console.Write(fields);

        var identifiers = new Table().Border(TableBorder.Rounded).AddColumn("Identifier").AddColumn("Strength").AddColumn("Source").AddColumn("First seen");
        foreach (var identifier in report.Identifiers)
        {
            identifiers.AddRow(Markup.Escape(identifier.Identifier), identifier.IsStrong ? "strong" : "weak",
                Markup.Escape(identifier.SourceSystem ?? ""), Format(identifier.FirstSeenTs));
        }

        console.Write(identifiers);

        if (report.Periods.Count == 0)
        {
            context.Line("No period rows yet (no approved order or web activity).");
            return;
        }

        var periods = new Table().Border(TableBorder.Rounded).AddColumn("Grain").AddColumn("Period")
            .AddColumn(new TableColumn("Orders").RightAligned()).AddColumn(new TableColumn("Revenue").RightAligned())
            .AddColumn(new TableColumn("Refunded").RightAligned()).AddColumn(new TableColumn("Avg order").RightAligned())
            .AddColumn(new TableColumn("Sessions").RightAligned()).AddColumn(new TableColumn("Page views").RightAligned());
        foreach (var p in report.Periods)
        {
            periods.AddRow(p.Grain, p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(p.OrderCount), Money(p.Revenue),
                Money(p.RefundedAmount), p.AvgOrderValue is { } avg ? Money(avg) : "", N(p.WebSessions), N(p.PageViews));
        }

        console.Write(periods);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        string[] items => string.Join(", ", items),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture);
}

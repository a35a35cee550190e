using Spectre.Console;
using Npgsql;
using CustomerStream.Projection.Queries;
using System.Globalization;
using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>profile ID|EMAIL</c>: one customer's stitched profile.</summary>
internal sealed class ProfileCommand : CliCommand
{
    private readonly Argument<string> _customer = new("customer")
    {
        Description = "A Customer360 ID (an alias resolves too) or an email address.",
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
        var (configuration, _) = await StackConfiguration.ReadAsync(context, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(StackConfiguration.RequirePostgres(configuration));
        CustomerProfileReport? profile;
        try
        {
            profile = await new MartQueries(dataSource).FindProfileAsync(query, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new CliException("There are no marts yet.", "run `./customerstream demo` (or a stack with the projection) first");
        }

        if (profile is null)
        {
            throw new CliException($"No customer matches '{query}'.", "give a Customer360 ID (c360_…, aliases resolve too) or an e-mail address");
        }

        context.Line($"Customer {profile.CustomerId}" + (profile.ResolvedVia.Count > 0 ? $" (resolved via {string.Join(" → ", profile.ResolvedVia)})" : ""));
        var fields = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var (name, value) in profile.Fields)
        {
            fields.AddRow(Markup.Escape(name), Markup.Escape(Format(value)));
        }

        context.Out.Write(fields);
        var identifiers = new Table().Border(TableBorder.Rounded).AddColumn("identifier").AddColumn("kind").AddColumn("source").AddColumn("first seen (UTC)");
        foreach (var identifier in profile.Identifiers)
        {
            identifiers.AddRow(Markup.Escape(identifier.Identifier), identifier.IsStrong ? "strong" : "weak", Markup.Escape(identifier.SourceSystem ?? ""), Format(identifier.FirstSeenTs));
        }

        context.Out.Write(identifiers);
        var periods = new Table().Border(TableBorder.Rounded).AddColumn("grain").AddColumn("period_start")
            .AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("refunded").RightAligned()).AddColumn(new TableColumn("avg order").RightAligned())
            .AddColumn(new TableColumn("sessions").RightAligned()).AddColumn(new TableColumn("page views").RightAligned());
        foreach (var p in profile.Periods)
        {
            periods.AddRow(p.Grain, p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Format(p.OrderCount), Format(p.Revenue), Format(p.RefundedAmount),
                Format(p.AvgOrderValue), Format(p.WebSessions), Format(p.PageViews));
        }

        context.Out.Write(periods);
        return ExitCodes.Ok;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        decimal d => d.ToString("N2", CultureInfo.InvariantCulture),
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items and not string => string.Join(", ", items.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };
}

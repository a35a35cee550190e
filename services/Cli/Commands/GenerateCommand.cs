using System.CommandLine;
using System.Globalization;
using CustomerStream.Generation;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary><c>generate</c>: a messy multi-source sample plus its ground truth.</summary>
internal sealed class GenerateCommand : CliCommand
{
    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _months = new("--months")
    {
        Description = "How many months of orders and web events (ending December 2025, so that a seed always means the same data).",
        DefaultValueFactory = _ => 12,
    };

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Folder to write the files and the ground-truth file to (created when missing; sample files there are replaced).",
        HelpName = "DIR",
        Required = true,
    };

    public GenerateCommand()
        : base("generate", "Write a messy sample (duplicates, malformed emails, mixed date formats, anonymous-then-logged-in sessions, refunds, late events) and a ground-truth file.")
    {
        Command.Options.Add(_customers);
        Command.Options.Add(_months);
        Command.Options.Add(_seed);
        Command.Options.Add(_out);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var options = new GeneratorOptions
        {
            Customers = parse.GetValue(_customers),
            Months = parse.GetValue(_months),
            Seed = parse.GetValue(_seed),
        };
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new CliException(string.Join("; ", problems) + ".", "`customerstream generate --help` shows the usage", ExitCodes.Usage);
        }

        var folder = parse.GetRequiredValue(_out).FullName;
        var sample = await LiveProgress.RunAsync(context, $"Generating {options.Customers:N0} people over {options.Months} months (seed {options.Seed}) into {folder}", progress =>
            new SampleGenerator().GenerateAsync(options, folder, people => progress($"Generated {people:N0} of {options.Customers:N0} people"), cancellationToken));

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("File").AddColumn(new TableColumn("Records").RightAligned()).AddColumn(new TableColumn("Duplicates").RightAligned()).AddColumn(new TableColumn("Bad rows").RightAligned());
        foreach (var file in sample.Files)
        {
            table.AddRow(Markup.Escape(file.Name), file.Records.ToString("N0", CultureInfo.InvariantCulture),
                file.Duplicates.ToString("N0", CultureInfo.InvariantCulture), file.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        }

        context.Out.Write(table);
        var totals = sample.Totals;
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {sample.Records:N0} records to {sample.Folder} in {sample.Elapsed.TotalSeconds:N1} s."));
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"Ground truth: {sample.GroundTruthPath}: {totals.Visible:N0} customers (visible), {totals.Test:N0} test, {totals.Deleted:N0} deleted, {totals.AnonymousProfiles:N0} anonymous profiles; {totals.ApprovedOrders:N0} approved orders, revenue {totals.Revenue:N2}, refunded {totals.RefundedAmount:N2}."));
        context.Line($"Sources: {Path.Combine(sample.Folder, SampleGenerator.SourcesFileName)} (read by `customerstream ingest` for files in that folder).");
        return ExitCodes.Ok;
    }
}

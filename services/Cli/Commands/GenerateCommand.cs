using CustomerStream.Ingest.Generation;
using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>generate</c>: a messy multi-source sample plus its ground truth.</summary>
internal sealed class GenerateCommand : CliCommand
{
    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _months = new("--months")
    {
        Description = "How many months of orders and web events.",
        DefaultValueFactory = _ => 12,
    };

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Folder to write the files and the ground-truth file to.",
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
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliException(string.Join("; ", problems), "see `customerstream generate --help`", ExitCodes.Usage);
        }

        var folder = parse.GetRequiredValue(_out).FullName;
        var sample = await context.WithProgressAsync(progress =>
            new SampleGenerator().GenerateAsync(options, folder, people => progress($"Generating: {people:N0} of {options.Customers:N0} people"), cancellationToken));
        foreach (var file in sample.Files)
        {
            context.Line($"  {file.Name,-26} {file.Records,10:N0} rows ({file.Duplicates:N0} duplicates, {file.Rejected:N0} bad lines)");
        }

        var totals = sample.Totals;
        context.Line($"Wrote {sample.Records:N0} rows to {folder} in {sample.Elapsed.TotalSeconds:N1} s, with {SampleGenerator.SourcesFileName} (source settings) and {Path.GetFileName(sample.GroundTruthPath)}:");
        context.Line($"  {totals.Visible:N0} visible customers, {totals.Test:N0} test, {totals.Deleted:N0} deleted, {totals.AnonymousProfiles:N0} anonymous profiles; {totals.ApprovedOrders:N0} approved orders");
        context.Line($"Send it: customerstream ingest customers {Path.Combine(folder, "customers_crm.csv")} (and the other files), or: customerstream demo --input {folder}");
        return ExitCodes.Ok;
    }

}

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

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailableYet(context, "customerstream generate", "the sample generator has not landed"));
}

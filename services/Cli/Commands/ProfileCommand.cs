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

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailableYet(context, "customerstream profile", "the marts it reads have not landed"));
}

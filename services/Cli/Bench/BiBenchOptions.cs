using System.CommandLine;
using CustomerStream.Cli.Commands;
using CustomerStream.Cli.Stack;

namespace CustomerStream.Cli.Bench;

/// <summary>The options of <c>bench --bi</c> and what it does with them (kept here so that <c>bench</c> only hands over).</summary>
internal sealed class BiBenchOptions
{
    private readonly Option<bool> _bi = new("--bi")
    {
        Description = "Instead of the pipeline: fill the marts with --customers synthetic customers (12 months each) through the projection's writer " +
                      "and time BI reads at that size (one customer by ID, e-mail or identifier; counts; aggregations), the global refresh and the marts' size. " +
                      "The customers stay in the marts.",
    };

    private readonly Option<string?> _json = new("--json")
    {
        Description = "Also write the figures as JSON to this file.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_bi);
        command.Options.Add(_json);
    }

    public bool Requested(ParseResult parse) => parse.GetValue(_bi);

    public async Task<int> RunAsync(ParseResult parse, int customers, CliContext context, string postgres, CancellationToken cancellationToken)
    {
        if (customers is < 1_000 or > 10_000_000)
        {
            throw new CliException($"bench --bi needs from 1,000 to 10,000,000 customers (got {customers:N0}).", "e.g. customerstream bench --bi --customers 1000000");
        }

        await UpCommand.RefuseSecondStackAsync(context, cancellationToken);
        await EmbeddedMarts.ResetAsync(postgres, registryToo: false, cancellationToken);
        var report = await new BiBench(context, postgres).RunAsync(customers, cancellationToken);
        report.Print(context);
        if (parse.GetValue(_json) is { Length: > 0 } path)
        {
            await report.WriteJsonAsync(path, cancellationToken);
            context.Line($"Figures written to {path}");
        }

        return ExitCodes.Ok;
    }
}

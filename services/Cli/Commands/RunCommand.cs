using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary><c>run SERVICE</c>: one service as its own process (how each container runs, too).</summary>
internal sealed class RunCommand : CliCommand
{
    /// <summary>The services of the product, as named on the command line.</summary>
    public static readonly string[] Services = ["ingest-api", "identity", "aggregator", "projection"];

    private readonly Argument<string> _service = new("service")
    {
        Description = $"The service to run: {string.Join(", ", Services)}.",
    };

    public RunCommand()
        : base("run", "Run one service as its own process, against the endpoints in .customerstream/endpoints.json (from `up --infra-only`) or the configuration.")
    {
        _service.AcceptOnlyFromAmong(Services);
        Command.Arguments.Add(_service);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var service = parse.GetRequiredValue(_service);
        return Task.FromResult(NotAvailableYet(context, $"customerstream run {service}", $"the {service} service has not landed"));
    }
}

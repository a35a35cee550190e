using System.CommandLine;
using System.Text.RegularExpressions;
using CustomerStream.Cli.Commands;

namespace CustomerStream.Cli;

/// <summary>The command tree of <c>customerstream</c> (README.md lists the commands) and how it is invoked.</summary>
internal static partial class CustomerStreamCli
{
    /// <summary>How long Ctrl-C or SIGTERM waits for a command to finish its batch, flush and commit.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "CustomerStream: stitched customers, lifetime value and period tables, kept up to date from event streams.\n" +
            "Start with `customerstream demo`; `customerstream up` keeps an embedded stack running for other clients.");
        root.Options.Add(GlobalOptions.Verbose);
        CliCommand[] commands =
        [
            new DemoCommand(),
            new UpCommand(),
            new RunCommand(),
            new IngestCommand(),
            new GenerateCommand(),
            new RebuildCommand(),
            new AuditCommand(),
            new ProfileCommand(),
            new ExplainCommand(),
            new ForgetCommand(),
            new StatusCommand(),
            new DeadLettersCommand(),
            new BenchCommand(),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Command);
        }

        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args.Length == 0 ? ["--help"] : args);
        var invocation = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            ProcessTerminationTimeout = ShutdownGrace,
        };
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                // System.CommandLine lists allowed values on separate lines; keep every error on one.
                invocation.Error.WriteLine($"customerstream: {OneLine().Replace(parseError.Message, " ")}");
            }

            invocation.Error.WriteLine($"  hint: `{CommandPath(parse)} --help` shows the usage");
            return Task.FromResult(ExitCodes.Usage);
        }

        return parse.InvokeAsync(invocation, cancellationToken);
    }

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex OneLine();

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "customerstream" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}

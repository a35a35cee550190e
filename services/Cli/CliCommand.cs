using System.CommandLine;

namespace CustomerStream.Cli;

/// <summary>
/// One command of the CLI: its options, its help and what it does, in one class under <c>Commands/</c>.
/// The base class turns failures into one line and a hint and Ctrl-C into a clean stop.
/// </summary>
internal abstract class CliCommand
{
    protected CliCommand(string name, string description)
    {
        Command = new Command(name, description);
        Command.SetAction(InvokeAsync);
    }

    public Command Command { get; }

    protected abstract Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = CliContext.From(parse);
        try
        {
            return await ExecuteAsync(parse, context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine("customerstream: interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            return context.Fail(e);
        }
    }
}

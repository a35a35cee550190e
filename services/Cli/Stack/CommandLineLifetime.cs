using Microsoft.Extensions.Hosting;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Lets the CLI, not the host, own Ctrl-C and SIGTERM: System.CommandLine cancels the command's token and
/// the command stops the host in order. The default console lifetime would race it with handlers of its own.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

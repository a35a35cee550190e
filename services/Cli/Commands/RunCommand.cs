using System.CommandLine;
using CustomerStream.Cli.Stack;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// <c>run SERVICE</c>: one service as its own process (how each container runs, too): a web host with the
/// CustomerStream defaults (configuration, logs, OpenTelemetry, health at <c>/health/live</c> and
/// <c>/health/ready</c>) and the service's DI entry point, until Ctrl-C or SIGTERM, then a graceful stop.
/// </summary>
internal sealed class RunCommand : CliCommand
{
    /// <summary>The services of the product, as named on the command line.</summary>
    public static string[] Services => ServiceHosts.Services;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

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

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var service = parse.GetRequiredValue(_service);
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        foreach (var (key, what) in ServiceHosts.RequiredSettings(service))
        {
            stack.Require(key, what);
        }

        var builder = ServiceHosts.CreateBuilder(service, stack.Endpoints);
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        await using var app = ServiceHosts.Build(builder, service);
        await app.StartAsync(cancellationToken);
        var url = app.Urls.FirstOrDefault() ?? "(no HTTP)";
        using var registration = app.Urls.Count > 0 ? RunningServices.Register(context.Home, service, url) : null;
        context.Line($"customerstream {service} is running: health at {url}{CustomerStreamDefaults.ReadyPath}. Ctrl-C or SIGTERM stops it.");
        if (service == "console")
        {
            context.Line($"  console page {url}{CustomerStream.Customer360.Customer360Extensions.PagePath}, read API {url}/v1 (header {CustomerStream.Customer360.Customer360Options.ApiKeyHeader}: one of Customer360:ApiKeys)");
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C, SIGTERM, or the host stopping because the service failed.
        }

        var failed = !cancellationToken.IsCancellationRequested;
        using (var grace = new CancellationTokenSource(StopGrace))
        {
            await app.StopAsync(grace.Token);
        }

        if (failed)
        {
            throw new CliException($"customerstream {service} stopped on its own: the service failed (its log above says why).", "run again with --verbose for the exception");
        }

        context.Line($"customerstream {service}: stopped cleanly.");
        return ExitCodes.Ok;
    }
}

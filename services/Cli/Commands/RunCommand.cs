using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using CustomerStream.ServiceDefaults;
using CustomerStream.Projection.Hosting;
using CustomerStream.Ingest.Http;
using CustomerStream.Ingest;
using CustomerStream.Identity.Service;
using CustomerStream.Cli.Stack;
using CustomerStream.Aggregator.Hosting;
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

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var service = parse.GetRequiredValue(_service);
        var (configuration, stack) = await StackConfiguration.ReadAsync(context, cancellationToken);
        StackConfiguration.RequireKafka(configuration, stack, context);
        if (service is "projection" or "ingest-api")
        {
            StackConfiguration.RequirePostgres(configuration);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "customerstream",
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection([new(ConfigurationKeys.ServiceName, $"customerstream-{service}")]);
        builder.AddCustomerStreamDefaults();
        context.ConfigureLogging(builder.Logging);
        switch (service)
        {
            case "ingest-api":
                builder.Services.AddIngestPublishing(builder.Configuration);
                builder.Services.AddIngestApi(builder.Configuration);
                builder.UseIngestApiUrl();
                break;
            case "identity":
                builder.Services.AddIdentityService(builder.Configuration);
                break;
            case "aggregator":
                builder.Services.AddAggregatorService(builder.Configuration);
                break;
            default:
                builder.Services.AddProjectionService(builder.Configuration);
                break;
        }

        if (service != "ingest-api" && string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            // Health endpoints on a free loopback port unless ASPNETCORE_URLS says otherwise: several
            // services run side by side on one machine.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        await using var host = builder.Build();
        host.MapCustomerStreamDefaults();
        if (service == "ingest-api")
        {
            host.MapIngestApi();
        }

        await host.StartAsync(cancellationToken);
        context.Line($"customerstream {service}: running (health: {host.Urls.First()}{CustomerStreamDefaults.ReadyPath}); Ctrl-C stops it.");
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(grace.Token);
        context.Line($"customerstream {service}: stopped cleanly.");
        return ExitCodes.Ok;
    }
}

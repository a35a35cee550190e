using System.CommandLine;
using CustomerStream.Ingest;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Bridge.Hosting;
using CustomerStream.Identity.Service;
using CustomerStream.Cli.Stack;
using CustomerStream.Ingest.Http;
using CustomerStream.Projection.Hosting;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
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
    public static readonly string[] Services = ["ingest-api", "identity", "aggregator", "projection", "bridge"];

    /// <summary>Where a service other than the ingest API serves its health endpoints unless <c>urls</c> (<c>ASPNETCORE_URLS</c>) says otherwise.</summary>
    private const string DefaultUrl = "http://127.0.0.1:0";

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
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = $"customerstream-{service}",
        });
        builder.Configuration.AddInMemoryCollection([new(ConfigurationKeys.ServiceName, $"customerstream-{service}")]);
        if (stack.Endpoints is { } endpoints)
        {
            // Below the environment, which AddCustomerStreamDefaults adds next: an explicit setting still wins.
            builder.Configuration.AddStackEndpoints(endpoints);
        }

        builder.AddCustomerStreamDefaults();
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        switch (service)
        {
            case "ingest-api":
                stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
                stack.Require(ConfigurationKeys.SchemaRegistryUrl, "Schema Registry");
                builder.Services.AddIngestPublishing(builder.Configuration);
                builder.Services.AddIngestApi(builder.Configuration);
                builder.UseIngestApiUrl();
                break;
            default:
                stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
                stack.Require(ConfigurationKeys.SchemaRegistryUrl, "Schema Registry");
                if (service == "identity")
                {
                    builder.Services.AddIdentityService(builder.Configuration);
                }
                else if (service == "aggregator")
                {
                    builder.Services.AddAggregatorService(builder.Configuration);
                }
                else if (service == "bridge")
                {
                    stack.Require(ConfigurationKeys.RabbitMqUrl, "RabbitMQ");
                    builder.Services.AddBridgeService(builder.Configuration);
                }
                else
                {
                    stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");
                    builder.Services.AddProjectionService(builder.Configuration);
                }

                if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
                {
                    builder.WebHost.UseUrls(DefaultUrl);
                }

                break;
        }

        await using var app = builder.Build();
        app.MapCustomerStreamDefaults();
        if (service == "ingest-api")
        {
            app.MapIngestApi();
        }

        await app.StartAsync(cancellationToken);
        var url = app.Urls.FirstOrDefault() ?? "(no HTTP)";
        context.Line($"customerstream {service} is running: health at {url}{CustomerStreamDefaults.ReadyPath}. Ctrl-C or SIGTERM stops it.");

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

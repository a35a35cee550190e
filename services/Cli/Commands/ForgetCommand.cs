using System.CommandLine;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Erasure;
using CustomerStream.Kafka;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerStream.Cli.Commands;

/// <summary><c>forget ID|EMAIL|SOURCE:ID [--reason TEXT] [--wait SECONDS]</c>: erases one person everywhere (docs/privacy.md).</summary>
internal sealed class ForgetCommand : CliCommand
{
    private readonly Argument<string> _subject = new("person")
    {
        Description = "The person to forget: a Customer360 ID (an alias works too), an e-mail address or an identifier such as crm:123.",
        HelpName = "ID|EMAIL|SOURCE:ID",
    };

    private readonly Option<string?> _reason = new("--reason")
    {
        Description = "Why (kept in the erasure ledger; put no personal data in it).",
        HelpName = "TEXT",
    };

    private readonly Option<int> _wait = new("--wait")
    {
        Description = "Wait up to SECONDS until the marts applied the erasure (0: return once Kafka took the request).",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 0,
    };

    public ForgetCommand()
        : base("forget",
            "Forget a person everywhere: their identifiers, profile, periods, orders, web events, links, aliases and rejected lines leave identity, " +
            "the aggregator and every mart, aggregates are corrected, customer.erased.v1 tells subscribers, and their later records are refused. " +
            "The request goes to the erasure ledger (erasure.requests.v1, no personal data), which replays and rebuilds apply first. See docs/privacy.md.")
    {
        Command.Arguments.Add(_subject);
        Command.Options.Add(_reason);
        Command.Options.Add(_wait);
        _wait.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--wait takes a number of seconds, 0 or more.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var subject = parse.GetRequiredValue(_subject);
        try
        {
            ErasureSubject.Parse(subject);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, "`customerstream forget --help` shows what it takes");
        }

        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var bootstrap = stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
        var registryUrl = stack.Require(ConfigurationKeys.SchemaRegistryUrl, "Schema Registry");
        var services = new ServiceCollection()
            .AddLogging(logging => StackConnection.ConfigureClientLogging(context, logging))
            .AddIngestPublishing(stack.Configuration);
        await using var provider = services.BuildServiceProvider();
        await IngestCommand.EnsureClusterAsync(provider.GetRequiredService<KafkaClientFactory>(), bootstrap, [Topics.ErasureRequests], cancellationToken);
        await IngestCommand.RegisterSchemasAsync(provider.GetRequiredService<ISchemaRegistryClient>(), registryUrl, [Topics.ErasureRequests], cancellationToken);

        Contracts.Erasure.ErasureRequest request;
        try
        {
            request = await provider.GetRequiredService<ErasurePublisher>().RequestAsync(subject, parse.GetValue(_reason), "cli", cancellationToken);
        }
        catch (KafkaException e)
        {
            throw new CliException($"Kafka at {bootstrap} did not take the erasure request: {e.Error.Reason}", "retry: a repeated request forgets nothing twice");
        }

        context.Line($"Erasure {request.ErasureId} ({request.SubjectKind}) is in {Topics.ErasureRequests}: identity applies it before its next records.");
        var seconds = parse.GetValue(_wait);
        if (seconds == 0)
        {
            return ExitCodes.Ok;
        }

        var postgres = stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");
        var applied = await MartConnection.RunAsync(postgres, dataSource => WaitAsync(dataSource, request.ErasureId, TimeSpan.FromSeconds(seconds), cancellationToken));
        if (applied is null)
        {
            throw new CliException(
                $"The marts did not apply erasure {request.ErasureId} within {seconds} s.",
                "identity may hold nobody under that name (it then refuses the person's records when they come), or the pipeline is behind: `customerstream status`");
        }

        context.Line($"Forgotten: customer {applied} is gone from the marts.");
        return ExitCodes.Ok;
    }

    private static async Task<string?> WaitAsync(NpgsqlDataSource dataSource, string erasureId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var command = dataSource.CreateCommand("SELECT customer_id FROM projection.erasures WHERE erasure_id = $1"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = erasureId });
                if (await command.ExecuteScalarAsync(cancellationToken) is string customerId)
                {
                    return customerId;
                }
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}

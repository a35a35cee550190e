using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using C = CustomerStream.Contracts.Topics;

namespace CustomerStream.Cli.Commands;

/// <summary><c>dead-letters</c>: the records the stages could not decode, and their replay once the cause is fixed.</summary>
internal sealed class DeadLettersCommand : CliCommand
{
    private readonly Option<string[]> _stages = new("--stage")
    {
        Description = "Only this stage's dead letters (repeatable): " + string.Join(", ", C.DeadLetterTopics.Keys) + ".",
        HelpName = "STAGE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _replay = new("--replay")
    {
        Description = "Re-send every dead letter not replayed yet to its source topic, where its stage reads it again (each is replayed once).",
    };

    public DeadLettersCommand()
        : base("dead-letters", "List the records a stage could not decode (<stage>.dead-letter.v1: source topic, partition, offset, error), and replay them.")
    {
        _stages.AcceptOnlyFromAmong([.. C.DeadLetterTopics.Keys]);
        Command.Options.Add(_stages);
        Command.Options.Add(_replay);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var options = StatusCommand.KafkaOptionsFor(stack);
        var stages = parse.GetValue(_stages) is { Length: > 0 } chosen ? chosen : [.. C.DeadLetterTopics.Keys];
        var topics = stages.Select(s => C.DeadLetterTopics[s]).ToList();
        using var logs = LoggerFactory.Create(logging => StackConnection.ConfigureClientLogging(context, logging));
        var log = new DeadLetterLog(new KafkaClientFactory(Options.Create(options), logs), TimeSpan.FromMilliseconds(options.AdminTimeoutMs));
        try
        {
            if (parse.GetValue(_replay))
            {
                var replayed = await log.ReplayAsync(topics, cancellationToken);
                context.Line(replayed == 0
                    ? "Nothing to replay: every dead letter was replayed already, or there are none."
                    : string.Create(CultureInfo.InvariantCulture, $"Replayed {replayed:N0} dead letters to their source topics."));
                return ExitCodes.Ok;
            }

            Print(log.Read(topics, cancellationToken), context);
            return ExitCodes.Ok;
        }
        catch (KafkaException e)
        {
            throw new CliException($"Cannot read the dead-letter topics at {options.BootstrapServers}: {e.Error.Reason}.",
                "is the stack still up? `./customerstream up` starts one");
        }
    }

    private static void Print(IReadOnlyList<(DeadLetter Letter, bool Replayed)> letters, CliContext context)
    {
        if (letters.Count == 0)
        {
            context.Line("No dead letters: every record was decoded.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Dead letter").AddColumn("Source").AddColumn("Record time (UTC)").AddColumn("Replayed").AddColumn("Error");
        foreach (var (letter, replayed) in letters)
        {
            table.AddRow(
                Markup.Escape($"{letter.Position.Topic}@{letter.Position.Offset.Value}"),
                Markup.Escape($"{letter.SourceTopic}[{letter.SourcePartition}]@{letter.SourceOffset}"),
                letter.DeadLetteredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                replayed ? "yes" : "no",
                Markup.Escape(letter.Error));
        }

        context.Out.Write(table);
        var waiting = letters.Count(l => !l.Replayed);
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"{letters.Count:N0} dead letters, {waiting:N0} not replayed; `customerstream dead-letters --replay` re-sends those once the cause is fixed."));
    }
}

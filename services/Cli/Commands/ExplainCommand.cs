using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CustomerStream.Projection.Queries;
using CustomerStream.ServiceDefaults;

namespace CustomerStream.Cli.Commands;

/// <summary><c>explain ID|EMAIL|SOURCE:ID [--json]</c>: why a customer's identifiers are one customer.</summary>
internal sealed class ExplainCommand : CliCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Argument<string> _customer = new("customer")
    {
        Description = "A Customer360 ID (an alias resolves too), an e-mail address or an identifier such as crm:123.",
        HelpName = "ID|EMAIL|SOURCE:ID",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the explanation as JSON (snake_case keys) instead of text.",
    };

    public ExplainCommand()
        : base("explain", "Show why a customer's identifiers are one customer: the records that linked them, the survivor rule, the devices and cookies attributed to it, and its merges and aliases.")
    {
        Command.Arguments.Add(_customer);
        Command.Options.Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var query = parse.GetRequiredValue(_customer);
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var postgres = stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");
        var explanation = await MartConnection.RunAsync(postgres, dataSource => new CustomerExplainer(dataSource).ExplainAsync(query, cancellationToken))
                          ?? throw new CliException($"No customer matches '{query}'.", "give a Customer360 ID, an e-mail address or an identifier such as crm:123; `customerstream audit customers` shows what is there");
        if (parse.GetValue(_json))
        {
            context.Line(JsonSerializer.Serialize(explanation, Json));
        }
        else
        {
            Print(context, explanation);
        }

        return ExitCodes.Ok;
    }

    private static void Print(CliContext context, CustomerExplanation e)
    {
        context.Line($"Customer {e.CustomerId} ({e.VisibilityStatus})");
        foreach (var step in e.ResolvedVia)
        {
            context.Line($"  resolved: {step}");
        }

        context.Line("");
        context.Line($"Survivor: {e.Survivor.Rule}");
        context.Line("");
        context.Line($"Strong identifiers ({e.StrongIdentifiers.Count}): {string.Join(", ", e.StrongIdentifiers)}");
        if (e.Evidence.Count > 0)
        {
            context.Line("Why they are one customer (each record linked the second identifier to the first):");
            foreach (var link in e.Evidence)
            {
                context.Line($"  {link.From} — {link.To}: record {link.SourceRef ?? "?"} from {link.SourceSystem ?? "?"} at {Format(link.RecordTs)}");
            }
        }

        if (e.Unexplained.Count > 0)
        {
            context.Line($"  no recorded evidence reaches {string.Join(", ", e.Unexplained)} (its links were projected before identity recorded evidence)");
        }

        if (e.WeakIdentifiers.Count > 0)
        {
            context.Line("");
            context.Line("Devices and cookies attributed to it:");
            foreach (var weak in e.WeakIdentifiers)
            {
                context.Line($"  {weak.Identifier}: {weak.Why}");
            }
        }

        context.Line("");
        if (e.Merges.Count == 0)
        {
            context.Line("Merges: none announced into it.");
        }
        else
        {
            context.Line("Merges (in the order identity made them):");
            foreach (var merge in e.Merges)
            {
                context.Line($"  {merge.MergedId} → {merge.SurvivorId} at {Format(merge.MergedAt)}: {merge.Reason}");
            }
        }

        context.Line(e.Aliases.Count == 0
            ? "Aliases: none."
            : $"Aliases (old IDs that resolve here): {string.Join(", ", e.Aliases.Select(a => $"{a.AliasId} (from {a.Identifier})"))}");
    }

    private static string Format(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "an unknown time";
}

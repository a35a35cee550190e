using Avro;
using CustomerStream.Contracts;
using CustomerStream.Projection.Storage;

namespace CustomerStream.Projection.Tests;

/// <summary>
/// The aggregate contract (<c>contracts/schemas/customerstream.aggregate.CustomerChange.avsc</c>) is the one source of
/// the figures the marts show. Every field of its summary, period and order records must reach a column of the same
/// name in the projection's typed tables (what the writer fills) and in the mart relation BI reads, unless it is
/// listed here as left out on purpose, with the reason. A field added to the schema and forgotten downstream, or a
/// column renamed on one side, fails by name.
/// </summary>
public sealed class ContractColumnTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    private const string Summary = "customerstream.aggregate.CustomerSummary";
    private const string Period = "customerstream.aggregate.PeriodRow";
    private const string Order = "customerstream.aggregate.OrderRow";

    // PeriodRow.deleted says "delete this row"; it is no column anywhere.
    private static readonly string[] PeriodSteering = ["deleted"];

    // Web events carry no business unit, so the per-unit rows have no web figures.
    private static readonly string[] WebFigures = ["web_sessions", "page_views"];

    [Fact]
    public void Every_field_of_the_aggregate_contract_has_a_column_the_writer_fills()
    {
        var problems = new List<string>();
        Check(problems, Summary, ProjectionTableLayouts.Customer.Table, ProjectionTableLayouts.Customer.ColumnNames, []);
        Check(problems, Period, ProjectionTableLayouts.Period.Table, ProjectionTableLayouts.Period.ColumnNames, [.. PeriodSteering, "business_unit"]);
        Check(problems, Period, ProjectionTableLayouts.PeriodUnit.Table, ProjectionTableLayouts.PeriodUnit.ColumnNames, [.. PeriodSteering, .. WebFigures]);
        Check(problems, Order, ProjectionTableLayouts.Order.Table, ProjectionTableLayouts.Order.ColumnNames, []);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_field_of_the_aggregate_contract_is_a_column_of_the_mart_BI_reads()
    {
        var rows = await db.QueryAsync("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'mart'");
        var columns = rows.GroupBy(r => (string)r[0]!, r => (string)r[1]!).ToDictionary(g => g.Key, g => g.ToList());
        IEnumerable<string> Of(string relation) => columns.GetValueOrDefault(relation) ?? [];

        var problems = new List<string>();
        Check(problems, Summary, "mart.customer_profile", Of("customer_profile"), []);
        foreach (var grain in new[] { "customer_month", "customer_quarter", "customer_year" })
        {
            // One relation per grain, over all business units: neither is a column.
            Check(problems, Period, $"mart.{grain}", Of(grain), [.. PeriodSteering, "grain", "business_unit"]);
        }

        Check(problems, Period, "mart.customer_period_unit", Of("customer_period_unit"), [.. PeriodSteering, .. WebFigures]);
        Check(problems, Order, "mart.orders", Of("orders"), []);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_records_checked_here_are_those_the_aggregate_change_carries()
    {
        var change = ContractSchemas.Named("customerstream.aggregate.CustomerChange");
        var named = Record(change).Fields.Select(f => f.Schema).SelectMany(Named).Select(s => s.Fullname).ToHashSet();

        Assert.Superset(named, new HashSet<string> { Summary, Period, Order });
    }

    private static void Check(List<string> problems, string record, string relation, IEnumerable<string> columns, string[] leftOut)
    {
        var have = columns.ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(have);
        var fields = Record(ContractSchemas.Named(record)).Fields.Select(f => f.Name).ToList();
        // A field left out on purpose must still exist, or the exception outlives its reason.
        problems.AddRange(leftOut.Except(fields).Select(name => $"{record} has no field {name} any more: drop it from the exceptions for {relation}"));
        foreach (var field in fields.Except(leftOut))
        {
            if (!have.Contains(field))
            {
                problems.Add($"{record}.{field} has no column in {relation}");
            }
        }
    }

    private static RecordSchema Record(NamedSchema schema) =>
        schema as RecordSchema ?? throw new InvalidOperationException($"{schema.Fullname} is not a record");

    private static IEnumerable<NamedSchema> Named(Schema schema) => schema switch
    {
        NamedSchema named => [named],
        UnionSchema union => union.Schemas.SelectMany(Named),
        ArraySchema array => Named(array.ItemSchema),
        _ => [],
    };
}

using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Contracts.Tests;

public sealed class PrimitivesTests
{
    [Fact]
    public void Customer360_ids_are_deterministic_opaque_and_distinct_per_identifier()
    {
        var a = Customer360Id.From(Identifier.Email("ann@example.com"));
        var again = Customer360Id.From(Identifier.Parse("email:ann@example.com"));
        var b = Customer360Id.From(Identifier.SourceId("CRM", " 123 "));

        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.True(Customer360Id.IsWellFormed(a.Value), a.Value);
        Assert.StartsWith("c360_", a.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("ann", a.Value, StringComparison.Ordinal);
        Assert.Equal("crm:123", Identifier.SourceId("CRM", " 123 ").Value);
    }

    [Fact]
    public void Identifier_kinds_follow_their_namespace()
    {
        Assert.True(Identifier.Parse("email:a@b.co").IsStrong);
        Assert.True(Identifier.Parse("shop:u-77").IsStrong);
        Assert.Equal(IdentifierKind.SourceId, Identifier.Parse("shop:u-77").Kind);
        Assert.Equal("shop", Identifier.Parse("shop:u-77").Namespace);
        Assert.Equal("u-77", Identifier.Parse("shop:u-77").LocalPart);
        Assert.False(Identifier.Parse("device:d1").IsStrong);
        Assert.False(Identifier.Parse("cookie:c1").IsStrong);
        Assert.False(Identifier.TryParse("nocolon", out _));
        Assert.False(Identifier.TryParse(":x", out _));
        Assert.Throws<ArgumentException>(() => Identifier.SourceId("email", "x"));
    }

    [Theory]
    [InlineData("2024-01-31T23:59:59Z", "2024-01-01", "2024-01-01", "2024-01-01")]
    [InlineData("2024-02-01T00:00:00Z", "2024-02-01", "2024-01-01", "2024-01-01")]
    [InlineData("2024-06-30T12:00:00Z", "2024-06-01", "2024-04-01", "2024-01-01")]
    [InlineData("2024-12-31T23:59:59.999Z", "2024-12-01", "2024-10-01", "2024-01-01")]
    public void Periods_are_utc_calendar_periods(string instant, string month, string quarter, string year)
    {
        var utc = DateTime.Parse(instant, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var (m, q, y) = Period.AllOf(utc);
        Assert.Equal(DateOnly.Parse(month), m.Start);
        Assert.Equal(DateOnly.Parse(quarter), q.Start);
        Assert.Equal(DateOnly.Parse(year), y.Start);
    }

    [Fact]
    public void Period_arithmetic_steps_whole_periods()
    {
        var q = Period.Of(Grain.QUARTER, new DateTime(2024, 11, 5, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("2024-Q4", q.ToString());
        Assert.Equal(new DateOnly(2025, 1, 1), q.Next().Start);
        Assert.Equal(new DateOnly(2024, 7, 1), q.Previous().Start);
        Assert.Equal(13, Period.MonthsBetween(new DateOnly(2023, 12, 1), new DateOnly(2025, 1, 1)));
    }

    [Fact]
    public void Every_contract_type_finds_its_schema_and_every_field_maps_to_a_property()
    {
        var contractTypes = typeof(Topics).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(AvroContractAttribute), false).Length > 0)
            .ToList();
        var mappedNames = contractTypes.Select(ContractSchemas.FullNameOf).ToHashSet();
        var recordNames = ContractSchemas.TopLevelNames.SelectMany(n => RecordNames(ContractSchemas.ByName(n))).ToHashSet();
        Assert.True(recordNames.SetEquals(mappedNames), $"records without a C# type: [{string.Join(",", recordNames.Except(mappedNames))}]");
        foreach (var type in contractTypes)
        {
            var schema = ContractSchemas.For(type);
            var mapped = type.GetProperties()
                .Select(p => p.GetCustomAttributes(typeof(Avro.Reflect.AvroFieldAttribute), false)
                    .Cast<Avro.Reflect.AvroFieldAttribute>().SingleOrDefault()?.FieldName)
                .Where(n => n is not null)
                .ToHashSet();
            var fields = schema.Fields.Select(f => f.Name).ToHashSet();
            Assert.True(fields.SetEquals(mapped!), $"{type.Name}: schema fields [{string.Join(",", fields.Except(mapped!))}] unmapped, properties [{string.Join(",", mapped!.Except(fields))}] not in schema");
        }
    }

    [Fact]
    public void Every_topic_with_a_value_type_has_a_top_level_schema()
    {
        foreach (var topic in Topics.All.Where(t => t.ValueType is not null))
        {
            var name = ContractSchemas.FullNameOf(topic.ValueType!);
            Assert.Contains(name, ContractSchemas.TopLevelNames);
        }
    }

    private static IEnumerable<string> RecordNames(Avro.Schema schema) => schema switch
    {
        Avro.RecordSchema r => new[] { r.Fullname }.Concat(r.Fields.SelectMany(f => RecordNames(f.Schema))),
        Avro.UnionSchema u => u.Schemas.SelectMany(RecordNames),
        Avro.ArraySchema a => RecordNames(a.ItemSchema),
        Avro.MapSchema m => RecordNames(m.ValueSchema),
        _ => [],
    };
}

using Avro;
using CustomerStream.SchemaRegistry.Compatibility;

namespace CustomerStream.SchemaRegistry.Tests.Compatibility;

/// <summary>Avro resolution rules, one rule per test: reader on the left, writer on the right.</summary>
public sealed class AvroSchemaCompatibilityTests
{
    [Fact]
    public void A_new_field_with_a_default_reads_old_data()
    {
        var problems = Check(Record(("id", "\"string\"", null), ("tier", "\"string\"", "\"bronze\"")), Record(("id", "\"string\"", null)));

        Assert.Empty(problems);
    }

    [Fact]
    public void A_new_field_without_a_default_cannot_read_old_data_and_is_named()
    {
        var problem = Assert.Single(Check(Record(("id", "\"string\"", null), ("loyalty_tier", "\"string\"", null)), Record(("id", "\"string\"", null))));

        Assert.Equal(IncompatibilityKind.ReaderFieldMissingDefaultValue, problem.Kind);
        Assert.Equal("loyalty_tier", problem.Field);
        Assert.Equal("/fields/1", problem.Location);
        Assert.Contains("'loyalty_tier'", problem.Description);
    }

    [Fact]
    public void A_removed_field_is_skipped_by_the_reader()
    {
        Assert.Empty(Check(Record(("id", "\"string\"", null)), Record(("id", "\"string\"", null), ("gone", "\"long\"", null))));
    }

    [Theory]
    [InlineData("\"long\"", "\"int\"")]
    [InlineData("\"float\"", "\"long\"")]
    [InlineData("\"double\"", "\"float\"")]
    [InlineData("\"string\"", "\"bytes\"")]
    [InlineData("\"bytes\"", "\"string\"")]
    [InlineData("[\"null\", \"string\"]", "\"string\"")]
    [InlineData("[\"null\", \"long\"]", "\"int\"")]
    public void Promotions_and_widening_to_a_union_resolve(string reader, string writer)
    {
        Assert.Empty(Check(Record(("v", reader, null)), Record(("v", writer, null))));
    }

    [Theory]
    [InlineData("\"int\"", "\"long\"")]
    [InlineData("\"string\"", "\"long\"")]
    [InlineData("\"boolean\"", "\"int\"")]
    public void Narrowing_and_unrelated_types_are_a_type_mismatch_on_the_field(string reader, string writer)
    {
        var problem = Assert.Single(Check(Record(("amount", reader, null)), Record(("amount", writer, null))));

        Assert.Equal(IncompatibilityKind.TypeMismatch, problem.Kind);
        Assert.Equal("amount", problem.Field);
        Assert.Equal("/fields/0/type", problem.Location);
    }

    [Fact]
    public void A_writer_union_branch_the_reader_lacks_is_reported()
    {
        var problem = Assert.Single(Check(Record(("v", "[\"null\", \"string\"]", "null")), Record(("v", "[\"null\", \"string\", \"long\"]", "null"))));

        Assert.Equal(IncompatibilityKind.MissingUnionBranch, problem.Kind);
        Assert.Equal("v", problem.Field);
    }

    [Fact]
    public void Making_an_optional_field_required_fails_on_its_null_branch()
    {
        var problem = Assert.Single(Check(Record(("v", "\"string\"", null)), Record(("v", "[\"null\", \"string\"]", "null"))));

        Assert.Equal(IncompatibilityKind.TypeMismatch, problem.Kind);
    }

    [Fact]
    public void Enum_symbols_the_reader_lacks_fail_unless_it_has_a_default()
    {
        var oldEnum = """{"type": "enum", "name": "S", "symbols": ["A", "B"]}""";
        var newEnum = """{"type": "enum", "name": "S", "symbols": ["A", "B", "C"]}""";
        var oldWithDefault = """{"type": "enum", "name": "S", "symbols": ["A", "B"], "default": "A"}""";

        Assert.Empty(Check(Record(("s", newEnum, null)), Record(("s", oldEnum, null))));
        var problem = Assert.Single(Check(Record(("s", oldEnum, null)), Record(("s", newEnum, null))));
        Assert.Equal(IncompatibilityKind.MissingEnumSymbols, problem.Kind);
        Assert.Contains("C", problem.Description);
        Assert.Empty(Check(Record(("s", oldWithDefault, null)), Record(("s", newEnum, null))));
    }

    [Fact]
    public void A_renamed_record_needs_an_alias()
    {
        var renamed = Schema.Parse("""{"type": "record", "name": "Customer", "fields": []}""");
        var aliased = Schema.Parse("""{"type": "record", "name": "Customer", "aliases": ["Client"], "fields": []}""");
        var original = Schema.Parse("""{"type": "record", "name": "Client", "fields": []}""");

        Assert.Equal(IncompatibilityKind.NameMismatch, Assert.Single(AvroSchemaCompatibility.CanRead(renamed, original)).Kind);
        Assert.Empty(AvroSchemaCompatibility.CanRead(aliased, original));
    }

    [Fact]
    public void A_renamed_field_resolves_through_its_alias()
    {
        var reader = Schema.Parse("""{"type": "record", "name": "R", "fields": [{"name": "email", "aliases": ["mail"], "type": "string"}]}""");

        Assert.Empty(AvroSchemaCompatibility.CanRead(reader, Record(("mail", "\"string\"", null))));
    }

    [Fact]
    public void Fixed_sizes_must_match()
    {
        var problem = Assert.Single(Check(
            Record(("f", """{"type": "fixed", "name": "F", "size": 8}""", null)),
            Record(("f", """{"type": "fixed", "name": "F", "size": 16}""", null))));

        Assert.Equal(IncompatibilityKind.FixedSizeMismatch, problem.Kind);
    }

    [Fact]
    public void A_decimal_may_not_change_scale_or_shrink_precision()
    {
        string Dec(int precision, int scale) => $$"""{"type": "bytes", "logicalType": "decimal", "precision": {{precision}}, "scale": {{scale}}}""";

        Assert.Empty(Check(Record(("amount", Dec(20, 4), null)), Record(("amount", Dec(18, 4), null))));
        Assert.Equal(IncompatibilityKind.DecimalMismatch, Assert.Single(Check(Record(("amount", Dec(18, 2), null)), Record(("amount", Dec(18, 4), null)))).Kind);
        Assert.Equal(IncompatibilityKind.DecimalMismatch, Assert.Single(Check(Record(("amount", Dec(10, 4), null)), Record(("amount", Dec(18, 4), null)))).Kind);
    }

    [Fact]
    public void A_timestamp_may_not_change_its_unit()
    {
        var problem = Assert.Single(Check(
            Record(("ts", """{"type": "long", "logicalType": "timestamp-micros"}""", null)),
            Record(("ts", """{"type": "long", "logicalType": "timestamp-millis"}""", null))));

        Assert.Equal(IncompatibilityKind.LogicalTypeMismatch, problem.Kind);
    }

    [Fact]
    public void Nested_fields_are_named_by_their_path()
    {
        var reader = Schema.Parse("""
            {"type": "record", "name": "Outer", "fields": [{"name": "profile", "type":
              {"type": "record", "name": "Inner", "fields": [{"name": "email", "type": "string"}, {"name": "phone", "type": "string"}]}}]}
            """);
        var writer = Schema.Parse("""
            {"type": "record", "name": "Outer", "fields": [{"name": "profile", "type":
              {"type": "record", "name": "Inner", "fields": [{"name": "email", "type": "string"}]}}]}
            """);

        var problem = Assert.Single(AvroSchemaCompatibility.CanRead(reader, writer));

        Assert.Equal("profile.phone", problem.Field);
        Assert.Equal("/fields/0/type/fields/1", problem.Location);
    }

    [Fact]
    public void Recursive_schemas_terminate()
    {
        var node = Schema.Parse("""{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"], "default": null}]}""");

        Assert.Empty(AvroSchemaCompatibility.CanRead(node, node));
    }

    private static IReadOnlyList<SchemaIncompatibility> Check(Schema reader, Schema writer) => AvroSchemaCompatibility.CanRead(reader, writer);

    internal static Schema Record(params (string Name, string Type, string? Default)[] fields) =>
        Schema.Parse($$"""
            {"type": "record", "name": "R", "namespace": "test", "fields": [
              {{string.Join(",\n", fields.Select(f => $$"""{"name": "{{f.Name}}", "type": {{f.Type}}{{(f.Default is null ? "" : $", \"default\": {f.Default}")}}}"""))}}
            ]}
            """);
}

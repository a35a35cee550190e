using Avro;
using Avro.Reflect;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Tests.Codec;

/// <summary>Reading data written with another version of a schema: what Avro resolution promises, and clear failures where it cannot.</summary>
public sealed class SchemaEvolutionTests
{
    private static readonly Schema V1 = Schema.Parse("""
        {"type": "record", "name": "Customer", "namespace": "test", "fields": [
          {"name": "id", "type": "string"},
          {"name": "visits", "type": "int"},
          {"name": "nickname", "type": ["null", "string"], "default": null},
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["ACTIVE", "DELETED"], "default": "ACTIVE"}},
          {"name": "score", "type": "float"}
        ]}
        """);

    // v2: nickname removed, status gained a symbol, tier/tags/labels/referrer added with defaults, fields reordered.
    private static readonly Schema V2 = Schema.Parse("""
        {"type": "record", "name": "Customer", "namespace": "test", "fields": [
          {"name": "tier", "type": "string", "default": "bronze"},
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["ACTIVE", "DELETED", "SUSPENDED"], "default": "ACTIVE"}},
          {"name": "id", "type": "string"},
          {"name": "visits", "type": "int"},
          {"name": "score", "type": "float"},
          {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
          {"name": "labels", "type": {"type": "map", "values": "string"}, "default": {"origin": "v1"}},
          {"name": "referrer", "type": ["null", "string"], "default": null}
        ]}
        """);

    [Fact]
    public void An_old_consumer_reads_new_data_skipping_what_it_does_not_know()
    {
        var v2 = new CustomerV2 { Id = "c1", Visits = 12, Score = 0.5f, Tier = "gold", Status = StatusV2.DELETED, Tags = ["x"], Referrer = "ads" };
        var bytes = AvroCodec.Writer<CustomerV2>(V2).ToArray(v2);

        var read = AvroCodec.Reader<CustomerV1>(V2, V1).Read(bytes);

        Assert.Equal("c1", read.Id);
        Assert.Equal(12, read.Visits);
        Assert.Equal(StatusV1.DELETED, read.Status);
        Assert.Equal(0.5f, read.Score);
        Assert.Null(read.Nickname);
    }

    [Fact]
    public void A_symbol_the_old_consumer_lacks_becomes_its_enum_default()
    {
        var bytes = AvroCodec.Writer<CustomerV2>(V2).ToArray(new CustomerV2 { Id = "c", Status = StatusV2.SUSPENDED });

        Assert.Equal(StatusV1.ACTIVE, AvroCodec.Reader<CustomerV1>(V2, V1).Read(bytes).Status);
    }

    // Promotion only reads narrow data wide (int → long, float → double), never the other way.
    private static readonly Schema Wide = Schema.Parse("""
        {"type": "record", "name": "Customer", "namespace": "test", "fields": [
          {"name": "id", "type": "bytes"},
          {"name": "visits", "type": "double"},
          {"name": "score", "type": "double"}
        ]}
        """);

    [Fact]
    public void Numbers_written_narrow_are_read_wide()
    {
        var bytes = AvroCodec.Writer<CustomerV1>(V1).ToArray(new CustomerV1 { Id = "é", Visits = int.MaxValue, Score = 0.1f });

        var read = AvroCodec.Reader<CustomerWide>(V1, Wide).Read(bytes);

        Assert.Equal("é"u8.ToArray(), read.Id);
        Assert.Equal(int.MaxValue, read.Visits);
        Assert.Equal((double)0.1f, read.Score);
    }

    [Fact]
    public void A_new_consumer_reads_old_data_with_defaults()
    {
        var bytes = AvroCodec.Writer<CustomerV1>(V1).ToArray(new CustomerV1 { Id = "c1", Visits = 3, Nickname = "bob", Status = StatusV1.DELETED, Score = 1.25f });
        var reader = AvroCodec.Reader<CustomerV2>(V1, V2);

        var first = reader.Read(bytes);
        var second = reader.Read(bytes);

        Assert.Equal("c1", first.Id);
        Assert.Equal(3, first.Visits);
        Assert.Equal(1.25f, first.Score);
        Assert.Equal(StatusV2.DELETED, first.Status);
        Assert.Equal("bronze", first.Tier);
        Assert.Empty(first.Tags);
        Assert.Equal("v1", first.Labels["origin"]);
        Assert.Null(first.Referrer);
        // Defaults are fresh per record: a consumer mutating one record cannot change the next.
        first.Tags.Add("mutated");
        Assert.Empty(second.Tags);
        Assert.NotSame(first.Labels, second.Labels);
    }

    [Fact]
    public void A_reader_field_missing_from_the_writer_without_a_default_fails_naming_it()
    {
        var strict = Schema.Parse("""
            {"type": "record", "name": "Customer", "namespace": "test", "fields": [
              {"name": "id", "type": "string"}, {"name": "loyalty_tier", "type": "string"}]}
            """);

        var error = Assert.Throws<AvroMappingException>(() => AvroCodec.Reader<Loyal>(V1, strict));

        Assert.Contains("loyalty_tier", error.Message);
        Assert.Contains("no default", error.Message);
    }

    [Fact]
    public void A_writer_union_branch_the_reader_lacks_fails_only_when_it_occurs()
    {
        var writer = Schema.Parse("""{"type": "record", "name": "V", "fields": [{"name": "value", "type": ["null", "string", "long"]}]}""");
        var reader = Schema.Parse("""{"type": "record", "name": "V", "fields": [{"name": "value", "type": ["null", "string"], "default": null}]}""");
        var codec = AvroCodec.Reader<Holder>(writer, reader);

        Assert.Equal("text", codec.Read(Encode(writer, new HolderObject { Value = "text" })).Value);
        Assert.Null(codec.Read(Encode(writer, new HolderObject { Value = null })).Value);
        var error = Assert.Throws<AvroDataException>(() => codec.Read(Encode(writer, new HolderObject { Value = 42L })));
        Assert.Equal("value", error.Path);
        Assert.Contains("long", error.Message);
    }

    [Fact]
    public void Timestamps_written_in_micros_read_correctly_into_a_millis_reader()
    {
        var micros = Schema.Parse("""{"type": "record", "name": "T", "fields": [{"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}}]}""");
        var millis = Schema.Parse("""{"type": "record", "name": "T", "fields": [{"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
        var at = new DateTime(2025, 6, 30, 12, 0, 0, 123, DateTimeKind.Utc);

        var read = AvroCodec.Reader<Stamp>(micros, millis).Read(AvroCodec.Writer<Stamp>(micros).ToArray(new Stamp { At = at }));

        Assert.Equal(at, read.At);
    }

    [Fact]
    public void A_decimal_written_at_another_scale_keeps_its_value()
    {
        var scale2 = Schema.Parse("""{"type": "record", "name": "M", "fields": [{"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}}]}""");
        var scale4 = Schema.Parse("""{"type": "record", "name": "M", "fields": [{"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}}]}""");

        var read = AvroCodec.Reader<Money>(scale2, scale4).Read(AvroCodec.Writer<Money>(scale2).ToArray(new Money { Amount = -19.99m }));

        Assert.Equal(-19.99m, read.Amount);
    }

    [Fact]
    public void Incompatible_types_fail_when_the_reader_is_built_naming_the_field()
    {
        var writer = Schema.Parse("""{"type": "record", "name": "M", "fields": [{"name": "amount", "type": "long"}]}""");
        var reader = Schema.Parse("""{"type": "record", "name": "M", "fields": [{"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 4}}]}""");

        var error = Assert.Throws<AvroMappingException>(() => AvroCodec.Reader<Money>(writer, reader));

        Assert.Contains("amount", error.Message);
    }

    [Fact]
    public void A_type_that_does_not_fit_its_schema_is_refused_up_front_naming_the_field()
    {
        var schema = Schema.Parse("""{"type": "record", "name": "M", "fields": [{"name": "amount", "type": "long"}]}""");

        var error = Assert.Throws<AvroMappingException>(() => AvroCodec.Writer<Money>(schema));

        Assert.Contains("M.amount", error.Message);
        Assert.Contains("Decimal", error.Message);
    }

    private static byte[] Encode(Schema schema, HolderObject value) => AvroCodec.Writer<HolderObject>(schema).ToArray(value);

    public enum StatusV1
    {
        ACTIVE,
        DELETED,
    }

    public enum StatusV2
    {
        ACTIVE,
        DELETED,
        SUSPENDED,
    }

    public sealed class CustomerV1
    {
        [AvroField("id")] public string Id { get; set; } = "";
        [AvroField("visits")] public int Visits { get; set; }
        [AvroField("nickname")] public string? Nickname { get; set; }
        [AvroField("status")] public StatusV1 Status { get; set; }
        [AvroField("score")] public float Score { get; set; }
    }

    public sealed class CustomerV2
    {
        [AvroField("tier")] public string Tier { get; set; } = "";
        [AvroField("status")] public StatusV2 Status { get; set; }
        [AvroField("id")] public string Id { get; set; } = "";
        [AvroField("visits")] public int Visits { get; set; }
        [AvroField("score")] public float Score { get; set; }
        [AvroField("tags")] public List<string> Tags { get; set; } = [];
        [AvroField("labels")] public Dictionary<string, string> Labels { get; set; } = [];
        [AvroField("referrer")] public string? Referrer { get; set; }
    }

    public sealed class CustomerWide
    {
        [AvroField("id")] public byte[] Id { get; set; } = [];
        [AvroField("visits")] public double Visits { get; set; }
        [AvroField("score")] public double Score { get; set; }
    }

    public sealed class Loyal
    {
        [AvroField("id")] public string Id { get; set; } = "";
        [AvroField("loyalty_tier")] public string LoyaltyTier { get; set; } = "";
    }

    public sealed class Holder
    {
        [AvroField("value")] public string? Value { get; set; }
    }

    public sealed class HolderObject
    {
        [AvroField("value")] public object? Value { get; set; }
    }

    public sealed class Stamp
    {
        [AvroField("at")] public DateTime At { get; set; }
    }

    public sealed class Money
    {
        [AvroField("amount")] public decimal Amount { get; set; }
    }
}

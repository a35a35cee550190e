using Avro;
using Avro.Reflect;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.SchemaRegistry.Tests.Support;

namespace CustomerStream.SchemaRegistry.Tests.Codec;

/// <summary>Bad values and bad bytes end in <see cref="AvroDataException"/> naming the field, never in silent corruption.</summary>
public sealed class AvroDataErrorTests
{
    [Fact]
    public void A_null_in_a_required_string_names_the_field()
    {
        var order = TestSchemas.SampleOrder();
        order.Lines[1].Sku = null!;

        var error = Assert.Throws<AvroDataException>(() => AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order));

        Assert.Equal("lines[1].sku", error.Path);
    }

    [Fact]
    public void Money_with_more_decimals_than_the_scale_is_refused_not_rounded()
    {
        var order = TestSchemas.SampleOrder();
        order.Amount = 10.00005m;

        var error = Assert.Throws<AvroDataException>(() => AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order));

        Assert.Equal("amount", error.Path);
        Assert.Contains("decimal places", error.Message);
    }

    [Fact]
    public void Money_beyond_the_precision_is_refused()
    {
        var order = TestSchemas.SampleOrder();
        order.Amount = 100_000_000_000_000m;

        var error = Assert.Throws<AvroDataException>(() => AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order));

        Assert.Contains("precision", error.Message);
    }

    [Fact]
    public void Trailing_zeros_beyond_the_scale_are_fine()
    {
        var order = TestSchemas.SampleOrder();
        order.Amount = 1.500000000m;

        var read = AvroCodec.Reader<Order>(TestSchemas.Order).Read(AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order));

        Assert.Equal(1.5m, read.Amount);
    }

    [Fact]
    public void Truncated_bytes_are_reported_not_read_past()
    {
        var bytes = AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(TestSchemas.SampleOrder());

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<AvroDataException>(() => AvroCodec.Reader<Order>(TestSchemas.Order).Read(prefix));
        }
    }

    [Fact]
    public void Local_times_are_written_as_the_same_instant_and_read_back_as_utc()
    {
        var schema = Schema.Parse("""{"type": "record", "name": "T", "fields": [{"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}, {"name": "offset", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
        var local = new DateTime(2024, 3, 10, 8, 30, 0, DateTimeKind.Local);
        var offset = new DateTimeOffset(2024, 3, 10, 8, 30, 0, TimeSpan.FromHours(-5));

        var read = AvroCodec.Reader<Times>(schema).Read(AvroCodec.Writer<Times>(schema).ToArray(new Times { At = local, Offset = offset }));

        Assert.Equal(local.ToUniversalTime(), read.At);
        Assert.Equal(DateTimeKind.Utc, read.At.Kind);
        Assert.Equal(offset, read.Offset);
        Assert.Equal(TimeSpan.Zero, read.Offset.Offset);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1")]
    [InlineData("0.0001")]
    [InlineData("-0.0001")]
    [InlineData("127")]
    [InlineData("128")]
    [InlineData("-128")]
    [InlineData("-129")]
    [InlineData("99999999999999.9999")]
    [InlineData("-99999999999999.9999")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    public void Decimals_round_trip_at_their_edges(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var schema = Schema.Parse("""{"type": "record", "name": "D", "fields": [{"name": "v", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 4}}]}""");

        var bytes = AvroCodec.Writer<Dec>(schema).ToArray(new Dec { V = value });
        var read = AvroCodec.Reader<Dec>(schema).Read(bytes);
        var generic = (Avro.AvroDecimal)((Avro.Generic.GenericRecord)new Avro.Generic.GenericDatumReader<object>(schema, schema)
            .Read(null!, new Avro.IO.BinaryDecoder(new MemoryStream(bytes))))["v"];

        Assert.Equal(value, read.V);
        Assert.Equal(value, (decimal)generic);
    }

    public sealed class Times
    {
        [AvroField("at")] public DateTime At { get; set; }
        [AvroField("offset")] public DateTimeOffset Offset { get; set; }
    }

    public sealed class Dec
    {
        [AvroField("v")] public decimal V { get; set; }
    }
}

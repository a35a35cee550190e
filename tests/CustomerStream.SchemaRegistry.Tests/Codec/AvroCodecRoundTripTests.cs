using Avro;
using Avro.Generic;
using Avro.IO;
using CustomerStream.SchemaRegistry.Codec;
using CustomerStream.SchemaRegistry.Tests.Support;

namespace CustomerStream.SchemaRegistry.Tests.Codec;

public sealed class AvroCodecRoundTripTests
{
    [Fact]
    public void A_record_with_every_supported_shape_round_trips()
    {
        var order = TestSchemas.SampleOrder();
        var bytes = AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order);

        var back = AvroCodec.Reader<Order>(TestSchemas.Order).Read(bytes);

        AssertSameOrder(order, back);
    }

    [Fact]
    public void Apache_Avro_reads_what_the_codec_writes()
    {
        var order = TestSchemas.SampleOrder();
        var bytes = AvroCodec.Writer<Order>(TestSchemas.Order).ToArray(order);

        var generic = new GenericDatumReader<GenericRecord>(TestSchemas.Order, TestSchemas.Order)
            .Read(null!, new BinaryDecoder(new MemoryStream(bytes)));

        Assert.Equal("o-1", generic["order_id"]);
        Assert.Equal(1234.5678m, (decimal)(AvroDecimal)generic["amount"]);
        Assert.Equal(order.OrderTs, (DateTime)generic["order_ts"]);
        Assert.Equal(order.ShippedAt, (DateTime)generic["shipped_at"]);
        Assert.Equal("INACTIVE", ((GenericEnum)generic["status"]).Value);
        Assert.Equal(new object[] { "a", "ünïcødé ✓", "" }, (object[])generic["tags"]);
        Assert.Equal("news", ((IDictionary<string, object>)generic["properties"])["utm_source"]);
        Assert.Equal(-12.5m, (decimal)(AvroDecimal)((GenericRecord)((object[])generic["lines"])[1])["price"]);
        Assert.Null(generic["note"]);
    }

    [Fact]
    public void The_codec_reads_what_Apache_Avro_writes()
    {
        var record = new GenericRecord(TestSchemas.Order);
        var lineSchema = (RecordSchema)((UnionSchema)TestSchemas.Order["line"].Schema).Schemas[1];
        var line = new GenericRecord(lineSchema);
        line.Add("sku", "s");
        line.Add("price", new AvroDecimal(7.2500m));
        record.Add("order_id", "g-1");
        record.Add("amount", new AvroDecimal(-3.1400m));
        record.Add("refund", null);
        record.Add("order_ts", new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        record.Add("shipped_at", null);
        record.Add("status", new GenericEnum((EnumSchema)TestSchemas.Order["status"].Schema, "DELETED"));
        record.Add("quantity", 7);
        record.Add("tags", new object[] { "t" });
        record.Add("properties", new Dictionary<string, object> { ["k"] = "v" });
        record.Add("line", line);
        record.Add("lines", Array.Empty<object>());
        record.Add("version", 42L);
        record.Add("score", 0.5);
        record.Add("flag", false);
        record.Add("note", "hello");
        var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(TestSchemas.Order).Write(record, new BinaryEncoder(stream));

        var back = AvroCodec.Reader<Order>(TestSchemas.Order).Read(stream.ToArray());

        Assert.Equal("g-1", back.OrderId);
        Assert.Equal(-3.14m, back.Amount);
        Assert.Null(back.Refund);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), back.OrderTs);
        Assert.Equal(DateTimeKind.Utc, back.OrderTs.Kind);
        Assert.Equal(Status.DELETED, back.Status);
        Assert.Equal(7, back.Quantity);
        Assert.Equal(["t"], back.Tags);
        Assert.Equal("v", back.Properties["k"]);
        Assert.Equal(7.25m, back.Line!.Price);
        Assert.Empty(back.Lines);
        Assert.Equal("hello", back.Note);
    }

    [Fact]
    public void Arrays_written_in_sized_blocks_by_other_writers_are_read_and_skipped()
    {
        var writer = Schema.Parse("""{"type": "record", "name": "B", "fields": [{"name": "a", "type": {"type": "array", "items": "long"}}, {"name": "b", "type": "string"}]}""");
        var reader = Schema.Parse("""{"type": "record", "name": "B", "fields": [{"name": "b", "type": "string"}]}""");
        using var output = new AvroOutput();
        // Two blocks: the first with a negative count and its byte size (as Java's block writer does), then a plain one.
        output.WriteLong(-2);
        output.WriteLong(2);
        output.WriteLong(1);
        output.WriteLong(-1);
        output.WriteLong(1);
        output.WriteLong(300);
        output.WriteLong(0);
        output.WriteString("after");
        var bytes = output.ToArray();

        var full = AvroCodec.Reader<Blocks>(writer).Read(bytes);
        var skipped = AvroCodec.Reader<Blocks>(writer, reader).Read(bytes);

        Assert.Equal(new long[] { 1, -1, 300 }, full.A);
        Assert.Equal("after", full.B);
        Assert.Equal("after", skipped.B);
        Assert.Empty(skipped.A);
    }

    public sealed class Blocks
    {
        [Avro.Reflect.AvroField("a")] public long[] A { get; set; } = [];
        [Avro.Reflect.AvroField("b")] public string B { get; set; } = "";
    }

    internal static void AssertSameOrder(Order expected, Order actual)
    {
        Assert.Equal(expected.OrderId, actual.OrderId);
        Assert.Equal(expected.Amount, actual.Amount);
        Assert.Equal(expected.Refund, actual.Refund);
        Assert.Equal(expected.OrderTs, actual.OrderTs);
        Assert.Equal(DateTimeKind.Utc, actual.OrderTs.Kind);
        Assert.Equal(expected.ShippedAt, actual.ShippedAt);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Quantity, actual.Quantity);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Properties, actual.Properties);
        Assert.Equal(expected.Line?.Sku, actual.Line?.Sku);
        Assert.Equal(expected.Line?.Price, actual.Line?.Price);
        Assert.Equal(expected.Lines.Select(l => (l.Sku, l.Price)), actual.Lines.Select(l => (l.Sku, l.Price)));
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Note, actual.Note);
    }
}

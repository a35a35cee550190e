using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Tests.Codec;

public sealed class VersionedAvroEncodingTests
{
    private const string V1 = """{"type":"record","name":"Counter","fields":[{"name":"name","type":"string"}]}""";
    private const string V2 = """{"type":"record","name":"Counter","fields":[{"name":"name","type":"string"},{"name":"count","type":"long","default":7}]}""";

    [Fact]
    public void A_value_written_by_an_older_version_is_read_into_the_current_shape()
    {
        var old = VersionedAvroEncoding<Counter>.Parse(V1).Encode(new Counter { Name = "a" });
        var current = VersionedAvroEncoding<Counter>.Parse(V1, V2);

        var value = current.Decode(old);

        Assert.Equal(1, old[0]);
        Assert.Equal(("a", 7L), (value.Name, value.Count));
        Assert.Equal(2, current.Encode(value)[0]);
    }

    [Fact]
    public void Version_bytes_can_start_after_those_of_an_earlier_format_and_never_read_them()
    {
        var encoding = new VersionedAvroEncoding<Counter>([Avro.Schema.Parse(V1), Avro.Schema.Parse(V2)], firstVersion: 3);

        var bytes = encoding.Encode(new Counter { Name = "b", Count = 2 });

        Assert.Equal(4, bytes[0]);
        Assert.Equal(("b", 2L), (encoding.Decode(bytes).Name, encoding.Decode(bytes).Count));
        var earlier = (byte[])bytes.Clone();
        earlier[0] = 2;
        Assert.Contains("version 2 (this release reads 3 to 4)", Assert.Throws<AvroDataException>(() => encoding.Decode(earlier)).Message);
    }

    [Fact]
    public void Empty_values_and_bytes_after_the_value_are_refused()
    {
        var encoding = VersionedAvroEncoding<Counter>.Parse(V1, V2);
        var bytes = encoding.Encode(new Counter { Name = "c" });

        Assert.Throws<AvroDataException>(() => encoding.Decode([]));
        Assert.Contains("1 bytes after", Assert.Throws<AvroDataException>(() => encoding.Decode([.. bytes, 0])).Message);
    }

    public sealed class Counter
    {
        public string Name { get; set; } = "";

        public long Count { get; set; }
    }
}

using Confluent.Kafka;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.Serialization;

public sealed class SerdesTests
{
    [Fact]
    public void Int64_bytes_are_those_of_kafkas_long_serializer_and_sort_like_non_negative_numbers()
    {
        Assert.Equal(Serializers.Int64.Serialize(258, SerializationContext.Empty), Serdes.Int64.Serialize(258));
        var sorted = new long[] { 0, 1, 255, 256, 70_000, long.MaxValue }.Select(Serdes.Int64.Serialize).ToList();
        Assert.Equal(sorted, sorted.Order(ByteArrayComparer.Instance));
    }

    [Fact]
    public void Versioned_values_round_trip()
    {
        var serde = Serdes.Versioned(Serdes.Utf8);

        Assert.Equal(new Versioned<string>(7, "é"), serde.Deserialize(serde.Serialize(new Versioned<string>(7, "é"))));
    }

    [Fact]
    public void Confluent_serializers_can_back_a_store()
    {
        var serde = Serdes.FromConfluent(Serializers.Utf8, Deserializers.Utf8);

        Assert.Equal("x", serde.Deserialize(serde.Serialize("x")));
    }

    [Fact]
    public void Guids_sort_like_their_text()
    {
        var guids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();

        Assert.Equal(
            guids.OrderBy(g => g.ToString(), StringComparer.Ordinal),
            guids.OrderBy(Serdes.Guid.Serialize, ByteArrayComparer.Instance));
    }
}

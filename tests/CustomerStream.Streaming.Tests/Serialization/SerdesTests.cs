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
}

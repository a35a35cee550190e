using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.State;

public sealed class KeyRangesTests
{
    [Theory]
    [InlineData(new byte[] { 1 }, new byte[] { 2 })]
    [InlineData(new byte[] { 1, 0xFF }, new byte[] { 2 })]
    [InlineData(new byte[] { 1, 2, 0xFF, 0xFF }, new byte[] { 1, 3 })]
    public void The_upper_bound_of_a_prefix_is_the_next_key_after_all_keys_with_it(byte[] prefix, byte[] bound) =>
        Assert.Equal(bound, KeyRanges.PrefixUpperBound(prefix));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xFF })]
    public void Prefixes_without_an_upper_bound_scan_to_the_end(byte[] prefix) =>
        Assert.Null(KeyRanges.PrefixUpperBound(prefix));
}

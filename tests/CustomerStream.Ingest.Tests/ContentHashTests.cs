using System.Globalization;
using System.Text;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

public sealed class ContentHashTests
{
    private const string ReferenceFormat = "0.############################";

    [Theory]
    [InlineData("0")]
    [InlineData("0.0000")]
    [InlineData("10.5")]
    [InlineData("10.50")]
    [InlineData("100")]
    [InlineData("100.000")]
    [InlineData("0.0000001")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("99999999999999.9999")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("7.9228162514264337593543950335")]
    [InlineData("-12.50")]
    [InlineData("-0.0")]
    public void Amounts_hash_as_their_value_written_without_trailing_zeros(string text)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(value.ToString(ReferenceFormat, CultureInfo.InvariantCulture), Canonical(value));
    }

    [Fact]
    public void Every_scale_and_size_of_amount_is_written_as_the_reference_format_writes_it()
    {
        var random = new Random(17);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), random.Next(4) == 0 ? random.Next() : 0, false, (byte)random.Next(29));
            var padded = i % 3 == 0 ? value * 1.000m : value;

            Assert.Equal(padded.ToString(ReferenceFormat, CultureInfo.InvariantCulture), Canonical(padded));
        }
    }

    private static string Canonical(decimal value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Encoding.UTF8.GetString(buffer[..ContentHash.FormatCanonical(value, buffer)]);
    }
}

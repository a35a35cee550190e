using System.Numerics;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>
/// Avro <c>decimal</c>: the unscaled value as a big-endian two's-complement integer, scale and
/// precision fixed by the schema. System.Decimal is converted without BigInteger in the common case.
/// </summary>
internal static class DecimalEncoding
{
    private static readonly Int128[] PowersOfTen = BuildPowers();

    /// <summary>The unscaled integer of <paramref name="value"/> at <paramref name="scale"/>; refuses to round.</summary>
    public static BigInteger Unscaled(decimal value, int scale, int precision)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var valueScale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = new BigInteger(((ulong)(uint)bits[2] << 32) | (uint)bits[1]) << 32 | (uint)bits[0];
        BigInteger unscaled;
        if (valueScale <= scale)
        {
            unscaled = mantissa * BigInteger.Pow(10, scale - valueScale);
        }
        else
        {
            var divisor = BigInteger.Pow(10, valueScale - scale);
            unscaled = BigInteger.DivRem(mantissa, divisor, out var remainder);
            if (!remainder.IsZero)
            {
                throw new AvroDataException(
                    $"{value} has more than {scale} decimal places; round it before writing (the schema's scale is {scale}).");
            }
        }

        if (precision > 0 && unscaled >= BigInteger.Pow(10, precision))
        {
            throw new AvroDataException($"{value} has more than {precision} significant digits (the schema's precision is {precision}).");
        }

        return negative ? -unscaled : unscaled;
    }

    /// <summary>Writes Avro bytes (length + two's complement big-endian) for <paramref name="value"/>.</summary>
    public static void WriteBytes(AvroOutput output, decimal value, int scale, int precision)
    {
        if (TryUnscaledFast(value, scale, out var fast))
        {
            CheckPrecision(fast, value, precision);
            Span<byte> buffer = stackalloc byte[16];
            var length = MinimalBigEndian(fast, buffer);
            output.WriteBytes(buffer[(16 - length)..]);
            return;
        }

        output.WriteBytes(Unscaled(value, scale, precision).ToByteArray(isUnsigned: false, isBigEndian: true));
    }

    /// <summary>Writes an Avro fixed of <paramref name="size"/> bytes (sign-extended) for <paramref name="value"/>.</summary>
    public static void WriteFixed(AvroOutput output, decimal value, int scale, int precision, int size)
    {
        var bytes = Unscaled(value, scale, precision).ToByteArray(isUnsigned: false, isBigEndian: true);
        if (bytes.Length > size)
        {
            throw new AvroDataException($"{value} does not fit a decimal fixed of {size} bytes.");
        }

        Span<byte> buffer = stackalloc byte[size];
        buffer.Fill(bytes.Length > 0 && (sbyte)bytes[0] < 0 ? (byte)0xFF : (byte)0);
        bytes.CopyTo(buffer[(size - bytes.Length)..]);
        output.WriteRaw(buffer);
    }

    /// <summary>The decimal value of a two's-complement big-endian unscaled integer at <paramref name="scale"/>.</summary>
    public static decimal Read(ReadOnlySpan<byte> bigEndian, int scale)
    {
        if (bigEndian.IsEmpty)
        {
            return 0m;
        }

        if (bigEndian.Length <= 16 && scale <= 28 && TryDecimal(ReadInt128(bigEndian), scale, out var fast))
        {
            return fast;
        }

        // Rare: more than 96 bits of unscaled value. Trailing zeros may still make it exact at a lower scale.
        var big = new BigInteger(bigEndian, isUnsigned: false, isBigEndian: true);
        var reducedScale = scale;
        while (reducedScale > 0 && !big.IsZero && (big % 10).IsZero)
        {
            big /= 10;
            reducedScale--;
        }

        if (reducedScale <= 28 && BigInteger.Abs(big) < (BigInteger.One << 96) && TryDecimal((Int128)big, reducedScale, out var reduced))
        {
            return reduced;
        }

        throw new AvroDataException($"The decimal {new BigInteger(bigEndian, isUnsigned: false, isBigEndian: true)}E-{scale} does not fit System.Decimal exactly.");
    }

    private static Int128 ReadInt128(ReadOnlySpan<byte> bigEndian)
    {
        Int128 value = (sbyte)bigEndian[0] < 0 ? Int128.NegativeOne : Int128.Zero;
        foreach (var b in bigEndian)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static bool TryDecimal(Int128 unscaled, int scale, out decimal value)
    {
        value = 0m;
        if (unscaled == Int128.MinValue)
        {
            return false;
        }

        var magnitude = (UInt128)Int128.Abs(unscaled);
        if (magnitude >> 96 != 0)
        {
            return false;
        }

        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), unscaled < 0, (byte)scale);
        return true;
    }

    private static bool TryUnscaledFast(decimal value, int scale, out Int128 unscaled)
    {
        unscaled = 0;
        if (scale > 28)
        {
            return false;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var valueScale = (bits[3] >> 16) & 0xFF;
        if (valueScale > scale)
        {
            // Trailing zeros beyond the schema's scale (1.50000m at scale 4) are fine; real digits are not.
            var normalized = value / 1.0000000000000000000000000000m;
            decimal.GetBits(normalized, bits);
            valueScale = (bits[3] >> 16) & 0xFF;
            if (valueScale > scale)
            {
                return false;
            }
        }

        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var factor = PowersOfTen[scale - valueScale];
        // 2^96 * 10^k stays below 2^127 for k <= 9; beyond that, only if the mantissa is small enough.
        if (scale - valueScale > 9 && mantissa > Int128.MaxValue / factor)
        {
            return false;
        }

        unscaled = mantissa * factor;
        if (bits[3] < 0)
        {
            unscaled = -unscaled;
        }

        return true;
    }

    private static void CheckPrecision(Int128 unscaled, decimal value, int precision)
    {
        if (precision is > 0 and <= 38 && Int128.Abs(unscaled) >= PowersOfTen[precision])
        {
            throw new AvroDataException($"{value} has more than {precision} significant digits (the schema's precision is {precision}).");
        }
    }

    private static int MinimalBigEndian(Int128 value, Span<byte> buffer)
    {
        for (var i = 15; i >= 0; i--)
        {
            buffer[i] = (byte)(value >> ((15 - i) * 8));
        }

        var start = 0;
        // Drop leading bytes that only repeat the sign, keeping one sign bit.
        while (start < 15
               && ((buffer[start] == 0x00 && (buffer[start + 1] & 0x80) == 0)
                   || (buffer[start] == 0xFF && (buffer[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        return 16 - start;
    }

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}

namespace CustomerStream.Aggregator.Domain;

/// <summary>Square root in decimal precision (about 28 significant digits), for standard deviations of money.</summary>
public static class DecimalMath
{
    public static decimal Sqrt(decimal value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0m)
        {
            return 0m;
        }

        // Start from the double root (15-16 digits) and let Newton's iteration double the digits each step.
        var x = (decimal)Math.Sqrt((double)value);
        if (x == 0m)
        {
            x = value;
        }

        for (var i = 0; i < 8; i++)
        {
            var next = (x + (value / x)) / 2m;
            if (next == x)
            {
                break;
            }

            x = next;
        }

        return x;
    }
}

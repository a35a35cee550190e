using System.Globalization;
using System.Runtime.CompilerServices;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// Reads an amount as <see cref="decimal"/>, strictly, because a misread amount is silent revenue
/// corruption. Accepted: an optional leading <c>+</c>, digits, an optional dot and fraction digits
/// (<c>1234.5</c>, <c>.5</c>, <c>10.</c>), surrounding white space. Rejected: negative amounts
/// (refunds are a status, not a sign), exponents, NaN and infinity, currency symbols, and every comma:
/// <c>1,234</c> is one thousand two hundred thirty-four in one locale and one point two three four in
/// another, so thousands separators and decimal commas are refused rather than guessed. The value must
/// fit the Avro <c>decimal(18,4)</c> of the contract: at most 14 integer digits and 4 fraction digits
/// (trailing fraction zeros do not count).
/// </summary>
public static class MoneyParser
{
    public const int MaxIntegerDigits = 14;
    public const int MaxFractionDigits = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out decimal amount, out string? problem)
    {
        amount = 0;
        var s = text.Trim();
        if (s.IsEmpty)
        {
            problem = "is empty";
            return false;
        }

        if (s[0] == '-')
        {
            problem = "is negative (refunds are expressed by status, amounts are never negative)";
            return false;
        }

        if (s[0] == '+')
        {
            s = s[1..];
        }

        var dot = s.IndexOf('.');
        var integer = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? [] : s[(dot + 1)..];
        if ((integer.IsEmpty && fraction.IsEmpty) || !AllDigits(integer) || !AllDigits(fraction))
        {
            problem = s.Contains(',') ? "contains a comma (thousands separators and decimal commas are not accepted; use a dot: 1234.50)"
                : "is not a decimal number (digits with an optional dot, e.g. 1234.50)";
            return false;
        }

        integer = integer.TrimStart('0');
        fraction = fraction.TrimEnd('0');
        if (integer.Length > MaxIntegerDigits || fraction.Length > MaxFractionDigits)
        {
            problem = $"does not fit decimal(18,4) (at most {MaxIntegerDigits} integer and {MaxFractionDigits} fraction digits)";
            return false;
        }

        amount = decimal.Parse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        problem = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Statistics of a customer's approved order amounts (services/Aggregator/README.md, "Formulas"): mean, sample standard deviation
/// (n − 1; null for fewer than two), min, max and exact median, in decimal arithmetic, rounded to 4
/// decimals.
/// </summary>
public readonly record struct TransactionStatistics(
    long Count,
    decimal Sum,
    decimal? Mean,
    decimal? StdDev,
    decimal? Min,
    decimal? Max,
    decimal? Median)
{
    public static readonly TransactionStatistics Empty = new(0, 0m, null, null, null, null, null);

    /// <summary>Computes the statistics; sorts <paramref name="amounts"/> in place.</summary>
    public static TransactionStatistics Of(List<decimal> amounts)
    {
        var n = amounts.Count;
        if (n == 0)
        {
            return Empty;
        }

        amounts.Sort();
        var sum = 0m;
        foreach (var a in amounts)
        {
            sum += a;
        }

        var mean = sum / n;
        var median = n % 2 == 1 ? amounts[n / 2] : (amounts[(n / 2) - 1] + amounts[n / 2]) / 2m;
        return new TransactionStatistics(
            n,
            sum,
            Money.Round(mean),
            n < 2 ? null : Money.Round(SampleStdDev(amounts, mean)),
            amounts[0],
            amounts[n - 1],
            Money.Round(median));
    }

    /// <summary>
    /// sqrt(Σ(x − mean)² / (n − 1)). The deviations are scaled by the largest one first, so that the
    /// squares stay within decimal's range for any amount decimal(18,4) can carry.
    /// </summary>
    private static decimal SampleStdDev(List<decimal> amounts, decimal mean)
    {
        var scale = 0m;
        foreach (var a in amounts)
        {
            scale = Math.Max(scale, Math.Abs(a - mean));
        }

        if (scale == 0m)
        {
            return 0m;
        }

        var sumOfSquares = 0m;
        foreach (var a in amounts)
        {
            var d = (a - mean) / scale;
            sumOfSquares += d * d;
        }

        return scale * DecimalMath.Sqrt(sumOfSquares / (amounts.Count - 1));
    }
}

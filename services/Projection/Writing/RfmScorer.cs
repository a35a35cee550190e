using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Primitives;
using Npgsql;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Scores a customer as it is written: R from its recency to the as-of date, F and M by where its frequency and
/// monetary value (then customer_id, byte order) fall among the quintile boundaries of the last global refresh,
/// the segment from the three. The same rules as <c>projection.rfm_r_score</c> and <c>projection.rfm_segment</c>
/// (Sql/tables.sql) and the boundary comparison of the refresh; a test holds the two homes together.
/// </summary>
internal sealed class RfmScorer
{
    /// <summary>The columns <see cref="ReadAsync"/> expects, in order.</summary>
    public const string Sql = """
        SELECT s.as_of_date, b.f1_value::numeric, b.f1_id, b.f2_value::numeric, b.f2_id, b.f3_value::numeric, b.f3_id, b.f4_value::numeric, b.f4_id,
               b.m1_value, b.m1_id, b.m2_value, b.m2_id, b.m3_value, b.m3_id, b.m4_value, b.m4_id
        FROM projection.effective_settings s CROSS JOIN projection.rfm_bounds b
        """;

    private readonly DateOnly _asOf;
    private readonly (decimal Value, string Id)?[] _frequency;
    private readonly (decimal Value, string Id)?[] _monetary;

    public RfmScorer(DateOnly asOf, (decimal Value, string Id)?[] frequency, (decimal Value, string Id)?[] monetary)
    {
        _asOf = asOf;
        _frequency = frequency;
        _monetary = monetary;
    }

    /// <summary>Reads the as-of date and the boundaries from a reader positioned on the result of <see cref="Sql"/>.</summary>
    public static async Task<RfmScorer> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("projection.rfm_bounds or the settings have no row");
        }

        (decimal, string)?[] Bounds(int first) => Enumerable.Range(0, 4).Select(k =>
            reader.IsDBNull(first + 2 * k + 1) ? ((decimal, string)?)null : (reader.GetDecimal(first + 2 * k), reader.GetString(first + 2 * k + 1))).ToArray();
        return new RfmScorer(reader.GetFieldValue<DateOnly>(0), Bounds(1), Bounds(9));
    }

    /// <summary>The scores of a customer with this summary (null when it has none: not visible, or no approved order).</summary>
    public RfmScores? Score(string customerId, CustomerSummary? summary)
    {
        if (summary is not { VisibilityStatus: VisibilityStatus.VISIBLE, TotalTransactions: > 0, LastTransactionTs: { } last })
        {
            return null;
        }

        var recency = _asOf.DayNumber - DateOnly.FromDateTime(Utc.Of(last)).DayNumber;
        var r = RScore(recency);
        var f = Quintile(summary.TotalTransactions, customerId, _frequency);
        var m = Quintile(summary.LifetimeValue, customerId, _monetary);
        return new RfmScores(r, f, m, Segment(r, f, m));
    }

    public static int RScore(int recencyDays) => recencyDays switch
    {
        <= 30 => 5,
        <= 60 => 4,
        <= 90 => 3,
        <= 180 => 2,
        _ => 1,
    };

    public static string Segment(int r, int f, int m) =>
        r >= 4 && f >= 4 && m >= 4 ? "Champion"
        : f >= 4 ? "Loyal"
        : r >= 4 && f <= 1 ? "New"
        : r <= 2 && f >= 3 ? "At Risk"
        : r == 1 && f <= 2 ? "Lost"
        : "Others";

    // The first quintile whose last customer is not below this one; the fifth when it is above all four. A
    // missing boundary (fewer customers than quintiles, or no refresh yet) takes everyone who reaches it.
    private static int Quintile(decimal value, string customerId, (decimal Value, string Id)?[] bounds)
    {
        for (var k = 0; k < bounds.Length; k++)
        {
            if (bounds[k] is not { } b || value < b.Value || (value == b.Value && string.CompareOrdinal(customerId, b.Id) <= 0))
            {
                return k + 1;
            }
        }

        return 5;
    }
}

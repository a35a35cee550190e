namespace CustomerStream.Aggregator.Domain;

/// <summary>The customer's acquisition as the identity service computed it (it owns this figure).</summary>
public sealed record Acquisition(DateTime? Ts, string? Source)
{
    public static readonly Acquisition None = new(null, null);

    /// <summary>
    /// The earlier of two acquisitions (a known time beats none, anything beats <see cref="None"/>).
    /// Ties are decided by source so that folding A into B and B into A agree.
    /// </summary>
    public static Acquisition Earliest(Acquisition a, Acquisition b)
    {
        if (a == None || b == None)
        {
            return a == None ? b : a;
        }

        if (a.Ts != b.Ts)
        {
            if (a.Ts is null)
            {
                return b;
            }

            if (b.Ts is null)
            {
                return a;
            }

            return a.Ts < b.Ts ? a : b;
        }

        return string.CompareOrdinal(a.Source, b.Source) <= 0 ? a : b;
    }
}

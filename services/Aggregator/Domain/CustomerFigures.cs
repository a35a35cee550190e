using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// Period figures computed from a customer's entities when they are needed: the rows a batch touched
/// (to emit them) and the lifetime web figures. Nothing is maintained between batches: a state is decoded
/// for one batch, and summing the few rows that batch touched in one pass over the entities costs less
/// than building every row on load and keeping it up to date. Which rows an input touches is decided as
/// the input is applied (<see cref="KeysOf(OrderVersion, ISet{PeriodKey})"/> and its siblings).
/// Holds scratch collections: one instance per task, not thread-safe.
/// </summary>
public sealed class CustomerFigures
{
    private static readonly Grain[] Grains = [Grain.MONTH, Grain.QUARTER, Grain.YEAR];

    private readonly HashSet<(int Row, string Session)> _rowSessions = [];
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
    private readonly List<decimal> _amounts = [];

    /// <summary>Adds the rows <paramref name="order"/> contributes to (none unless approved or refunded).</summary>
    public static void KeysOf(OrderVersion order, ISet<PeriodKey> keys)
    {
        if (!order.Contributes)
        {
            return;
        }

        foreach (var grain in Grains)
        {
            var period = Period.Of(grain, order.OrderTs);
            keys.Add(new PeriodKey(period, null));
            keys.Add(new PeriodKey(period, order.BusinessUnit));
        }
    }

    /// <summary>Adds the rows <paramref name="entry"/> contributes to (none unless present with a session or a page view).</summary>
    public static void KeysOf(WebEventEntry entry, ISet<PeriodKey> keys)
    {
        if (Counts(entry))
        {
            AllKeysOf(entry, keys);
        }
    }

    /// <summary>Adds the rows of the event's time, whether or not it is present or counts.</summary>
    public static void AllKeysOf(WebEventEntry entry, ISet<PeriodKey> keys)
    {
        foreach (var grain in Grains)
        {
            keys.Add(new PeriodKey(Period.Of(grain, entry.Ts), null));
        }
    }

    /// <summary>Adds every row the customer has (the rows its entities contribute to).</summary>
    public static void KeysOf(CustomerState state, ISet<PeriodKey> keys)
    {
        foreach (var order in state.OrderValues)
        {
            KeysOf(order, keys);
        }

        foreach (var entry in state.WebEventValues)
        {
            KeysOf(entry, keys);
        }
    }

    /// <summary>
    /// The figures of the rows <paramref name="keys"/>, summed over the state's entities; a row nothing
    /// contributes to comes back empty (<see cref="PeriodFigures.IsEmpty"/>).
    /// </summary>
    public PeriodFigures[] Rows(CustomerState state, ReadOnlySpan<PeriodKey> keys)
    {
        var rows = new PeriodFigures[keys.Length];
        if (keys.IsEmpty)
        {
            return rows;
        }

        // Each row as a range of month numbers: an entity belongs to it when its month falls inside.
        Span<int> first = keys.Length <= 64 ? stackalloc int[keys.Length] : new int[keys.Length];
        Span<int> end = keys.Length <= 64 ? stackalloc int[keys.Length] : new int[keys.Length];
        int lowest = int.MaxValue, highest = int.MinValue;
        for (var i = 0; i < keys.Length; i++)
        {
            rows[i] = new PeriodFigures();
            var start = keys[i].Period.Start;
            first[i] = (start.Year * 12) + start.Month - 1;
            end[i] = first[i] + keys[i].Period.LengthInMonths;
            lowest = Math.Min(lowest, first[i]);
            highest = Math.Max(highest, end[i]);
        }

        foreach (var order in state.OrderValues)
        {
            if (!order.Contributes)
            {
                continue;
            }

            var month = MonthNumber(order.OrderTs);
            if (month < lowest || month >= highest)
            {
                continue;
            }

            for (var i = 0; i < keys.Length; i++)
            {
                if (month >= first[i] && month < end[i]
                    && (keys[i].BusinessUnit is not { } unit || string.Equals(unit, order.BusinessUnit, StringComparison.Ordinal)))
                {
                    rows[i].AddOrder(order);
                }
            }
        }

        foreach (var entry in state.WebEventValues)
        {
            if (!Counts(entry))
            {
                continue;
            }

            var month = MonthNumber(entry.Ts);
            if (month < lowest || month >= highest)
            {
                continue;
            }

            for (var i = 0; i < keys.Length; i++)
            {
                // Web figures only on the all-units rows.
                if (month >= first[i] && month < end[i] && keys[i].BusinessUnit is null)
                {
                    if (entry.SessionId is { } session && _rowSessions.Add((i, session)))
                    {
                        rows[i].AddSession();
                    }

                    if (entry.IsPageView)
                    {
                        rows[i].AddPageView();
                    }
                }
            }
        }

        _rowSessions.Clear();
        return rows;
    }

    /// <summary>Distinct sessions and page views over every present event of the customer.</summary>
    public (long WebSessions, long PageViews) LifetimeWeb(CustomerState state)
    {
        long pageViews = 0;
        foreach (var entry in state.WebEventValues)
        {
            if (!Counts(entry))
            {
                continue;
            }

            if (entry.SessionId is { } session)
            {
                _sessions.Add(session);
            }

            if (entry.IsPageView)
            {
                pageViews++;
            }
        }

        var sessions = _sessions.Count;
        _sessions.Clear();
        return (sessions, pageViews);
    }

    /// <summary>An empty list for a summary's approved amounts (scratch space, reused customer after customer).</summary>
    internal List<decimal> Amounts()
    {
        _amounts.Clear();
        return _amounts;
    }

    private static bool Counts(WebEventEntry entry) => entry.Present && (entry.SessionId is not null || entry.IsPageView);

    /// <summary>Months since year 0 of the UTC instant (Period.Of's calendar).</summary>
    private static int MonthNumber(DateTime utc)
    {
        var t = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc;
        t.Deconstruct(out var year, out var month, out _);
        return (year * 12) + month - 1;
    }
}

using System.Text;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>Field-by-field comparison of summaries, period rows and orders, with readable differences.</summary>
public static class SummaryComparer
{
    /// <summary>Standard deviations are checked against a double computation: equal within this.</summary>
    public const decimal StdDevTolerance = 0.0002m;

    public static bool IsBlank(CustomerSummary s) =>
        s.LifetimeValue == 0 && s.TotalTransactions == 0 && s.RefundedAmount == 0 && s.WebSessions == 0 && s.PageViews == 0
        && s.Identifiers.Count == 0 && s.Email is null && s.FirstName is null && s.AcquisitionTs is null && s.AcquisitionSource is null
        && s.VisibilityStatus == VisibilityStatus.ANONYMOUS;

    public static void Diff(string who, CustomerSummary? expected, CustomerSummary? actual, StringBuilder diff)
    {
        if (expected is null || actual is null)
        {
            if ((expected is null) != (actual is null))
            {
                diff.AppendLine($"{who}: summary expected {(expected is null ? "none" : "one")}, got {(actual is null ? "none" : "one")}");
            }

            return;
        }

        Field("visibility_status", expected.VisibilityStatus, actual.VisibilityStatus);
        Field("acquisition_ts", expected.AcquisitionTs, actual.AcquisitionTs);
        Field("acquisition_source", expected.AcquisitionSource, actual.AcquisitionSource);
        Field("email", expected.Email, actual.Email);
        Field("first_name", expected.FirstName, actual.FirstName);
        Field("last_name", expected.LastName, actual.LastName);
        Field("phone", expected.Phone, actual.Phone);
        Field("country", expected.Country, actual.Country);
        Field("city", expected.City, actual.City);
        Field("identifiers", string.Join(",", expected.Identifiers), string.Join(",", actual.Identifiers));
        Field("lifetime_value", expected.LifetimeValue, actual.LifetimeValue);
        Field("total_transactions", expected.TotalTransactions, actual.TotalTransactions);
        Field("refunded_amount", expected.RefundedAmount, actual.RefundedAmount);
        Field("first_transaction_ts", expected.FirstTransactionTs, actual.FirstTransactionTs);
        Field("last_transaction_ts", expected.LastTransactionTs, actual.LastTransactionTs);
        Field("avg_transaction_value", expected.AvgTransactionValue, actual.AvgTransactionValue);
        Field("min_transaction_value", expected.MinTransactionValue, actual.MinTransactionValue);
        Field("max_transaction_value", expected.MaxTransactionValue, actual.MaxTransactionValue);
        Field("median_transaction_value", expected.MedianTransactionValue, actual.MedianTransactionValue);
        if (expected.TransactionValueStddev is null != actual.TransactionValueStddev is null
            || (expected.TransactionValueStddev is { } e && actual.TransactionValueStddev is { } a && Math.Abs(e - a) > StdDevTolerance))
        {
            diff.AppendLine($"{who}: transaction_value_stddev expected {expected.TransactionValueStddev}, got {actual.TransactionValueStddev}");
        }

        Field("web_sessions", expected.WebSessions, actual.WebSessions);
        Field("page_views", expected.PageViews, actual.PageViews);

        void Field<TValue>(string name, TValue e, TValue a)
        {
            if (!EqualityComparer<TValue>.Default.Equals(e, a))
            {
                diff.AppendLine($"{who}: {name} expected {Show(e)}, got {Show(a)}");
            }
        }
    }

    public static void Diff(string who, PeriodRow expected, PeriodRow actual, StringBuilder diff)
    {
        var e = Describe(expected);
        var a = Describe(actual);
        if (e != a)
        {
            diff.AppendLine($"{who}: expected {e}, got {a}");
        }
    }

    public static void Diff(string who, OrderRow expected, OrderRow actual, StringBuilder diff)
    {
        var e = Describe(expected);
        var a = Describe(actual);
        if (e != a)
        {
            diff.AppendLine($"{who}: expected {e}, got {a}");
        }
    }

    public static string Describe(PeriodRow r) =>
        $"orders={r.OrderCount} revenue={r.Revenue:0.####} refunded={r.RefundedAmount:0.####} first={Show(r.FirstOrderTs)} last={Show(r.LastOrderTs)} sessions={r.WebSessions} views={r.PageViews}";

    public static string Describe(OrderRow o) =>
        $"{o.OrderTs:O} {o.UpdatedAt:O} {o.Status} {o.Amount:0.####} {o.Currency} {o.BusinessUnit} {o.Category} {o.ProductId} {o.Quantity}";

    private static string Show<TValue>(TValue value) => value switch
    {
        null => "null",
        DateTime t => t.ToString("O"),
        decimal d => d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}

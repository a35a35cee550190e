using System.Text;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Aggregate;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerStream.Aggregator.Tests;

public sealed class PropertyTests
{
    [Property(MaxTest = 300)]
    public Property What_the_projection_ends_with_equals_a_recomputation_from_the_facts() =>
        Prop.ForAll(Scenario.Arbitrary, scenario =>
        {
            var (harness, facts) = scenario.Run();

            Assert.Equal(0, harness.ParkedTransfers);
            var expected = ReferenceModel.From(facts).Expected();
            var differences = ViewComparison.Differences(expected, harness.View.Customers);
            Assert.True(differences.Length == 0, differences);
            Assert.Empty(harness.View.ProfileVersionViolations);
            Assert.Equal(0, harness.View.StaleChanges);
        });

    [Property(MaxTest = 300)]
    public Property The_rows_the_projection_ends_with_are_the_rows_recomputed_over_the_final_entities() =>
        Prop.ForAll(Scenario.Arbitrary, scenario =>
        {
            // Rows are emitted when an input touches them: a row whose figures changed without being
            // touched would be missing or stale here.
            var (harness, _) = scenario.Run();

            var figures = new CustomerFigures();
            var differences = new StringBuilder();
            foreach (var state in harness.AllStates())
            {
                var keys = new HashSet<PeriodKey>();
                CustomerFigures.KeysOf(state, keys);
                var ordered = keys.Order().ToArray();
                var rows = figures.Rows(state, ordered);
                var expected = new Dictionary<RowKey, string>();
                for (var i = 0; i < ordered.Length; i++)
                {
                    Assert.False(rows[i].IsEmpty, $"{state.CustomerId} {ordered[i]}: a row its entities contribute to is empty");
                    expected[RowKey.Of(PeriodRows.Of(ordered[i], rows[i]))] = Describe(PeriodRows.Of(ordered[i], rows[i]));
                }

                var actual = harness.View.Customers.TryGetValue(state.CustomerId, out var view)
                    ? view.Rows.ToDictionary(r => r.Key, r => Describe(r.Value))
                    : [];
                foreach (var key in expected.Keys.Union(actual.Keys))
                {
                    var e = expected.GetValueOrDefault(key, "missing");
                    var a = actual.GetValueOrDefault(key, "missing");
                    if (e != a)
                    {
                        differences.AppendLine($"{state.CustomerId} {key}: projected {a}, recomputed {e}");
                    }
                }
            }

            Assert.True(differences.Length == 0, differences.ToString());
        });

    [Property(MaxTest = 100)]
    public Property Batch_boundaries_partitions_and_transfer_timing_do_not_change_the_result() =>
        Prop.ForAll(Scenario.Arbitrary, scenario =>
        {
            var (reference, _) = new Scenario(1, false, scenario.Steps.Where(s => s is not Scenario.EndBatchStep and not Scenario.DeliverStep and not Scenario.CrashStep).ToList()).Run();
            var (varied, _) = scenario.Run();

            var differences = ViewComparison.Differences(reference.View.Customers, varied.View.Customers);
            Assert.True(differences.Length == 0, differences);
        });

    private static string Describe(PeriodRow r) =>
        $"orders={r.OrderCount} revenue={r.Revenue:0.####} refunded={r.RefundedAmount:0.####} first={r.FirstOrderTs:O} last={r.LastOrderTs:O} sessions={r.WebSessions} views={r.PageViews}";
}

using System.Text;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Tests.Support;
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
    public Property Incremental_figures_always_equal_a_recomputation_over_the_entity_maps() =>
        Prop.ForAll(Scenario.Arbitrary, scenario =>
        {
            var (harness, _) = (scenario with { Serialize = false }).Run();

            var differences = new StringBuilder();
            foreach (var state in harness.AllStates())
            {
                var incremental = state.Figures;
                incremental.ResolveStaleOrderTimes(state.Orders.Values);
                var rebuilt = CustomerFigures.Build(state.Orders.Values.ToList(), state.WebEvents.Values.ToList());
                Compare(state.CustomerId, incremental, rebuilt, differences);
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

    private static void Compare(string customer, CustomerFigures actual, CustomerFigures expected, StringBuilder diff)
    {
        foreach (var key in actual.Periods.Keys.Union(expected.Periods.Keys))
        {
            var a = actual.Periods.GetValueOrDefault(key);
            var e = expected.Periods.GetValueOrDefault(key);
            var describedA = a is null ? "missing" : Describe(a);
            var describedE = e is null ? "missing" : Describe(e);
            if (describedA != describedE)
            {
                diff.AppendLine($"{customer} {key}: incremental {describedA}, rebuilt {describedE}");
            }
        }

        if (Describe(actual.LifetimeWeb) != Describe(expected.LifetimeWeb))
        {
            diff.AppendLine($"{customer} lifetime web: incremental {Describe(actual.LifetimeWeb)}, rebuilt {Describe(expected.LifetimeWeb)}");
        }
    }

    private static string Describe(PeriodFigures f) =>
        $"orders={f.OrderCount} revenue={f.Revenue:0.####} refunds={f.RefundedCount}/{f.RefundedAmount:0.####} first={f.FirstOrderTs:O} last={f.LastOrderTs:O} sessions={f.WebSessions} views={f.PageViews}";
}

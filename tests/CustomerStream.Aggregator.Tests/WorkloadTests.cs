using CustomerStream.Aggregator.Tests.Support;

namespace CustomerStream.Aggregator.Tests;

public sealed class WorkloadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_realistic_workload_ends_equal_to_a_recomputation_from_its_facts(int partitions)
    {
        var facts = IdentityFactWorkload.Generate(customers: 300, seed: 7);
        var aggregator = new AggregatorHarness(partitions, serialize: true);

        foreach (var batch in facts.Chunk(97))
        {
            aggregator.Batch(batch);
        }

        var expected = ReferenceModel.From(facts).Expected();
        Assert.Equal("", ViewComparison.Differences(expected, aggregator.View.Customers));
        Assert.Empty(aggregator.View.ProfileVersionViolations);
        Assert.Contains(aggregator.Changes, c => c.Removed);
        Assert.True(expected.Count > 250, $"{expected.Count} customers");
    }

    [Fact]
    public void The_workload_is_deterministic()
    {
        var a = IdentityFactWorkload.Generate(50, 3);
        var b = IdentityFactWorkload.Generate(50, 3);

        Assert.Equal(a.Select(f => (f.CustomerId, f.Seq, f.Fact.GetType())), b.Select(f => (f.CustomerId, f.Seq, f.Fact.GetType())));
    }
}

using CustomerStream.Contracts.Primitives;
using CustomerStream.Generation;
using CustomerStream.Projection.Queries;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// <c>explain</c> against the ground truth: for customers the truth says hold several strong identifiers, the
/// evidence chain links exactly those identifiers, and every record it names is a line of the sample that
/// carries both identifiers of its step; the survivor is the identifier the customer's ID derives from.
/// </summary>
internal static class ExplainAssertions
{
    public static async Task ExplanationsNameTheLinkingRecordsAsync(string connectionString, string sampleFolder, GroundTruth truth)
    {
        var lines = new SampleLines(sampleFolder);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var explainer = new CustomerExplainer(dataSource);
        var linked = truth.Customers.Where(c => c.Identifiers.Count >= 3).OrderBy(c => c.CustomerId, StringComparer.Ordinal).Take(40).ToList();
        Assert.True(linked.Count >= 10, $"only {linked.Count} customers with three or more strong identifiers");
        var weakSeen = 0;
        foreach (var customer in linked)
        {
            var explanation = await explainer.ExplainAsync(customer.CustomerId, CancellationToken.None);
            Assert.NotNull(explanation);
            Assert.Equal(customer.CustomerId, explanation.CustomerId);
            Assert.Equal(customer.Identifiers.Order(StringComparer.Ordinal), explanation.StrongIdentifiers.Order(StringComparer.Ordinal));
            Assert.Empty(explanation.Unexplained);
            Assert.Equal(customer.Identifiers.Count - 1, explanation.Evidence.Count);
            foreach (var step in explanation.Evidence)
            {
                Assert.True(lines.Links(step.SourceRef, step.From, step.To), $"{customer.CustomerId}: record {step.SourceRef} does not carry {step.From} and {step.To}: {lines.Line(step.SourceRef)}");
            }

            Assert.NotNull(explanation.Survivor.Identifier);
            Assert.Equal(customer.CustomerId, Customer360Id.From(Identifier.Parse(explanation.Survivor.Identifier)).Value);
            Assert.Equal(customer.AcquisitionTs, explanation.Survivor.AcquisitionTs);
            foreach (var weak in explanation.WeakIdentifiers.Where(w => w.LoggedInAs is not null))
            {
                Assert.True(lines.Links(weak.SourceRef, weak.Identifier, weak.LoggedInAs!), $"{customer.CustomerId}: login {weak.SourceRef} does not carry {weak.Identifier} and {weak.LoggedInAs}: {lines.Line(weak.SourceRef)}");
                weakSeen++;
            }

            // The same explanation whichever identifier names the customer.
            var byIdentifier = await explainer.ExplainAsync(customer.Identifiers[^1], CancellationToken.None);
            Assert.Equal(customer.CustomerId, byIdentifier?.CustomerId);
        }

        Assert.True(weakSeen > 0, "no device or cookie attributed by a recorded login");
    }
}

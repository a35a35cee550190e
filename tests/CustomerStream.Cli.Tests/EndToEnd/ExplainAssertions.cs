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
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
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
                var line = Line(sampleFolder, lines, step.SourceRef);
                Assert.True(Carries(line, step.From) && Carries(line, step.To), $"{customer.CustomerId}: record {step.SourceRef} does not carry {step.From} and {step.To}: {line}");
            }

            Assert.NotNull(explanation.Survivor.Identifier);
            Assert.Equal(customer.CustomerId, Customer360Id.From(Identifier.Parse(explanation.Survivor.Identifier)).Value);
            Assert.Equal(customer.AcquisitionTs, explanation.Survivor.AcquisitionTs);
            foreach (var weak in explanation.WeakIdentifiers.Where(w => w.LoggedInAs is not null))
            {
                var line = Line(sampleFolder, lines, weak.SourceRef);
                Assert.True(Carries(line, weak.Identifier) && Carries(line, weak.LoggedInAs!), $"{customer.CustomerId}: login {weak.SourceRef} does not carry {weak.Identifier} and {weak.LoggedInAs}: {line}");
                weakSeen++;
            }

            // The same explanation whichever identifier names the customer.
            var byIdentifier = await explainer.ExplainAsync(customer.Identifiers[^1], CancellationToken.None);
            Assert.Equal(customer.CustomerId, byIdentifier?.CustomerId);
        }

        Assert.True(weakSeen > 0, "no device or cookie attributed by a recorded login");
    }

    private static string Line(string folder, Dictionary<string, string[]> files, string? sourceRef)
    {
        Assert.NotNull(sourceRef);
        var colon = sourceRef.LastIndexOf(':');
        var file = sourceRef[..colon];
        if (!files.TryGetValue(file, out var lines))
        {
            files[file] = lines = File.ReadAllLines(Path.Combine(folder, file));
        }

        return lines[int.Parse(sourceRef[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) - 1];
    }

    /// <summary>Whether the raw line holds the identifier's value: the address of an e-mail, the id of a source or device.</summary>
    private static bool Carries(string line, string identifier) =>
        line.Contains(identifier[(identifier.IndexOf(':', StringComparison.Ordinal) + 1)..], StringComparison.OrdinalIgnoreCase);
}

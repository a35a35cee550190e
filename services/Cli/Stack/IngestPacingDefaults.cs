using CustomerStream.Ingest;
using Microsoft.Extensions.DependencyInjection;
using C = CustomerStream.Contracts.Topics;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Which consumer groups ingest waits for, unless <c>Ingest:Pacing:ConsumerGroups</c> names them: the stages of the
/// catalog that read the ingest record topics, so that pacing follows the pipeline's shape.
/// </summary>
internal static class IngestPacingDefaults
{
    private static readonly string[] RecordTopics = [C.IngestCustomers, C.IngestOrders, C.IngestWebEvents];

    /// <summary>The groups of <see cref="ProductCatalog.Stages"/> that read an ingest record topic.</summary>
    public static IReadOnlyList<string> ConsumerGroups { get; } =
        ProductCatalog.Stages.Where(s => s.Topics.Any(t => RecordTopics.Contains(t))).Select(s => s.GroupId).ToList();

    /// <summary>Fills in <see cref="IngestPacingOptions.ConsumerGroups"/> when the configuration names none.</summary>
    public static IServiceCollection AddIngestPacingDefaults(this IServiceCollection services) =>
        services.PostConfigure<IngestPacingOptions>(options =>
        {
            if (!options.ConsumerGroups.Any(g => !string.IsNullOrWhiteSpace(g)))
            {
                options.ConsumerGroups.AddRange(ConsumerGroups);
            }
        });
}

using CustomerStream.Kafka.Topics;

namespace CustomerStream.Cli;

/// <summary>
/// The product's topics and consumer groups, kept in this one place until the catalog in
/// <c>contracts/CustomerStream.Contracts/Topics.cs</c> lands; then <see cref="Topics"/> becomes a one-line
/// projection of that catalog.
/// </summary>
internal static class ProductCatalog
{
    /// <summary>The public topics of SPEC §7, with the configured default partition count.</summary>
    public static IReadOnlyList<TopicSpec> Topics { get; } =
    [
        new("ingest.customers.v1"),
        new("ingest.orders.v1"),
        new("ingest.web-events.v1"),
        new("ingest.rejected.v1"),
        new("customer.profile-changed.v1"),
        new("customer.merged.v1"),
    ];

    /// <summary>
    /// Consumer groups whose lag <c>status</c> reports on the embedded cluster, which cannot list its groups.
    /// </summary>
    public static IReadOnlyList<string> ConsumerGroups { get; } =
    [
        "customerstream-ingest",
        "customerstream-identity",
        "customerstream-aggregator",
        "customerstream-projection",
    ];
}

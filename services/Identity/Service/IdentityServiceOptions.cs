namespace CustomerStream.Identity.Service;

/// <summary>Configuration of the identity service (section <c>Identity</c>).</summary>
public sealed class IdentityServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>Consumer group and changelog prefix of the stateful identity application.</summary>
    public string ApplicationId { get; set; } = "customerstream-identity";

    /// <summary>Consumer group of the stateless router that funnels the ingest topics into one partition.</summary>
    public string RouterApplicationId { get; set; } = "customerstream-identity-router";

    /// <summary>Where the RocksDB state lives; relative paths are resolved against the working directory.</summary>
    public string StateDirectory { get; set; } = Path.Combine(".customerstream", "state", "identity");

    /// <summary>Decoded graph nodes kept in memory between batches (the rest is read from RocksDB on demand).</summary>
    public int CacheCapacity { get; set; } = 200_000;

    /// <summary>Records per batch: one state flush, one changelog write and one commit each.</summary>
    public int MaxBatchRecords { get; set; } = 5_000;

    /// <summary>How long a batch waits to fill before it is processed.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Backpressure of the router: it waits while the graph is more than this many records behind on
    /// <c>identity.input.v1</c> (0 = never wait). Bounds the funnel's backlog, which matters where retention
    /// is bounded (the embedded cluster keeps about 5 MB per partition).
    /// </summary>
    public long MaxInputLag { get; set; } = 15_000;

    /// <summary>Consumer session timeout; a crashed instance's partition moves after it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

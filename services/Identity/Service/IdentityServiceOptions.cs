namespace CustomerStream.Identity.Service;

/// <summary>Configuration of the identity service (section <c>Identity</c>).</summary>
public sealed class IdentityServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>Consumer group and changelog prefix of the stateful identity application.</summary>
    public string ApplicationId { get; set; } = "customerstream-identity";

    /// <summary>Where the RocksDB state lives; relative paths are resolved against the working directory.</summary>
    public string StateDirectory { get; set; } = Path.Combine(".customerstream", "state", "identity");

    /// <summary>Decoded graph nodes kept in memory between batches (the rest is read from RocksDB on demand).</summary>
    public int CacheCapacity { get; set; } = 200_000;

    /// <summary>Most records per batch: one plan, one state flush, one changelog write and one commit each.</summary>
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>How long a batch waits to fill before it is processed.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.Zero;

    /// <summary>Consumer session timeout; a crashed instance's partition moves after it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

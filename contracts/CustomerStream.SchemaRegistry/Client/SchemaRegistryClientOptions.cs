namespace CustomerStream.SchemaRegistry;

/// <summary>Settings of <see cref="CachedSchemaRegistryClient"/> (configuration section <c>SchemaRegistry</c>; validated by <see cref="SchemaRegistryClientServiceCollectionExtensions.AddSchemaRegistryClient"/>).</summary>
public sealed class SchemaRegistryClientOptions
{
    /// <summary>Base URL of the registry, e.g. <c>http://127.0.0.1:8081</c>; several may be given comma-separated, tried in turn.</summary>
    public string Url { get; set; } = "";

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a transient failure (unreachable, timeout, 5xx, 408, 429); 0 disables retrying.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Delay before the first retry; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>user:password</c> for HTTP basic authentication, or null.</summary>
    public string? BasicAuthUserInfo { get; set; }
}

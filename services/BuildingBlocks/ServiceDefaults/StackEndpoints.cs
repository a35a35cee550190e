using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerStream.ServiceDefaults;

/// <summary>
/// Where a running stack can be reached, as written to <c>.customerstream/endpoints.json</c> by
/// <c>customerstream up</c> (and <c>demo</c>) so that any other client (<c>run</c>, <c>status</c>, kcat, BI
/// tools) can connect. The JSON keys are fixed: <c>kafka_bootstrap</c>, <c>schema_registry_url</c>,
/// <c>postgres</c> (an Npgsql connection string), <c>http</c>, plus <c>kafka_mode</c>,
/// <c>kafka_admin_url</c>, <c>ingest_api_key</c>, <c>console_url</c>, <c>read_api_key</c>, <c>pid</c> and <c>started_at</c>.
/// A value not available is <c>null</c>.
/// </summary>
public sealed record StackEndpoints
{
    /// <summary>Folder, under the CustomerStream home, that holds the endpoints file.</summary>
    public const string FolderName = ".customerstream";

    /// <summary>The endpoints file name.</summary>
    public const string FileName = "endpoints.json";

    /// <summary>Environment variable naming the CustomerStream home (the repository root); the current directory otherwise.</summary>
    public const string HomeEnvironmentVariable = "CS_HOME";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Kafka bootstrap servers.</summary>
    [JsonPropertyName("kafka_bootstrap")]
    public required string KafkaBootstrap { get; init; }

    /// <summary><c>embedded</c> or <c>external</c>.</summary>
    [JsonPropertyName("kafka_mode")]
    public string KafkaMode { get; init; } = "embedded";

    /// <summary>Topic-admin URL of the embedded cluster, for processes that need topics created on it.</summary>
    [JsonPropertyName("kafka_admin_url")]
    public string? KafkaAdminUrl { get; init; }

    /// <summary>Schema Registry base URL.</summary>
    [JsonPropertyName("schema_registry_url")]
    public string? SchemaRegistryUrl { get; init; }

    /// <summary>Npgsql connection string of the database holding the marts.</summary>
    [JsonPropertyName("postgres")]
    public string? Postgres { get; init; }

    /// <summary>Base URL of the stack's HTTP endpoints (health; the ingest API when it runs in that process).</summary>
    [JsonPropertyName("http")]
    public string? Http { get; init; }

    /// <summary>
    /// An API key the stack's ingest API accepts (when the ingest API runs in that process), for clients that
    /// post to it. Never added to the configuration of other processes.
    /// </summary>
    [JsonPropertyName("ingest_api_key")]
    public string? IngestApiKey { get; init; }

    /// <summary>The Customer 360 console's page, when the stack serves it (its read API is under <c>/v1</c> of the same address).</summary>
    [JsonPropertyName("console_url")]
    public string? ConsoleUrl { get; init; }

    /// <summary>A key the console's read API accepts (read-only). Never added to the configuration of other processes.</summary>
    [JsonPropertyName("read_api_key")]
    public string? ReadApiKey { get; init; }

    /// <summary>Process id of the process that wrote the file.</summary>
    [JsonPropertyName("pid")]
    public int Pid { get; init; } = Environment.ProcessId;

    /// <summary>When the stack started.</summary>
    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The endpoints file under <paramref name="home"/>.</summary>
    public static string PathUnder(string home) => Path.Combine(home, FolderName, FileName);

    /// <summary>Reads the file, or returns <c>null</c> when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid endpoints file.</exception>
    public static async Task<StackEndpoints?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<StackEndpoints>(stream, Json, cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid endpoints file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the file atomically (readers never see half of it), creating its folder. The file holds the
    /// PostgreSQL password and the API keys, so on Unix only its owner may read it (mode 0600), from
    /// the moment it is created.
    /// </summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Whether the process that wrote the file still runs. A file left by a killed process is stale, also
    /// when its pid has since been reused: a process that started after the stack did is not its owner.
    /// </summary>
    public bool IsOwnerRunning()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            return !process.HasExited && process.StartTime.ToUniversalTime() <= StartedAt.UtcDateTime.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The endpoints as configuration entries (<see cref="ConfigurationKeys"/>); null values are left out.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        var entries = new Dictionary<string, string?>
        {
            [ConfigurationKeys.KafkaBootstrapServers] = KafkaBootstrap,
            [ConfigurationKeys.KafkaMode] = KafkaMode,
            [ConfigurationKeys.KafkaAdminUrl] = KafkaAdminUrl,
            [ConfigurationKeys.SchemaRegistryUrl] = SchemaRegistryUrl,
            [ConfigurationKeys.Postgres] = Postgres,
            [ConfigurationKeys.StackHttpUrl] = Http,
        };
        return entries.Where(e => e.Value is not null);
    }
}

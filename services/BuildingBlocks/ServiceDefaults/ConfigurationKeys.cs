namespace CustomerStream.ServiceDefaults;

/// <summary>
/// Configuration keys shared by every service, defined once. Each can be set in <c>appsettings.json</c>,
/// as an environment variable with <c>__</c> for <c>:</c> (<c>Kafka__BootstrapServers</c>), or the same with a
/// <c>CS_</c> prefix (<c>CS_Kafka__BootstrapServers</c>).
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Npgsql connection string of the PostgreSQL database. The environment variable <c>CS_POSTGRES</c> sets it too.</summary>
    public const string Postgres = "ConnectionStrings:Postgres";

    /// <summary>Kafka bootstrap servers (see <c>KafkaOptions</c> for the rest of the <c>Kafka</c> section).</summary>
    public const string KafkaBootstrapServers = "Kafka:BootstrapServers";

    /// <summary><c>External</c> or <c>Embedded</c>.</summary>
    public const string KafkaMode = "Kafka:Mode";

    /// <summary>Topic-admin URL of an embedded cluster in another process.</summary>
    public const string KafkaAdminUrl = "Kafka:AdminUrl";

    /// <summary>Base URL of the Schema Registry.</summary>
    public const string SchemaRegistryUrl = "SchemaRegistry:Url";

    /// <summary>
    /// AMQP URI of the RabbitMQ broker the bridge publishes to (<c>amqp://user:password@host:5672/vhost</c>). The
    /// environment variable <c>CS_RABBITMQ</c> sets it too. When it is set, <c>up</c> starts the bridge.
    /// </summary>
    public const string RabbitMqUrl = "RabbitMq:Url";

    /// <summary>Base URL of the running stack's HTTP endpoints, for clients such as <c>customerstream ingest</c>.</summary>
    public const string StackHttpUrl = "Stack:HttpUrl";

    /// <summary>Name of the service in logs, traces and metrics (<c>OTEL_SERVICE_NAME</c> wins when set).</summary>
    public const string ServiceName = "Service:Name";

    /// <summary><c>simple</c> (default, one line per event) or <c>json</c> (for log collectors).</summary>
    public const string LogFormat = "Logging:Console:FormatterName";

    /// <summary>Where traces, metrics and logs are exported over OTLP; nothing is exported when unset.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// <c>true</c> serves the metrics as Prometheus text at <c>/metrics</c> on the service's HTTP port, for a
    /// Prometheus that scrapes pods directly instead of an OpenTelemetry collector (off by default).
    /// </summary>
    public const string PrometheusEndpoint = "Telemetry:PrometheusEndpoint";

    /// <summary>Environment variable that sets <see cref="Postgres"/> (what <c>./customerstream</c> and <c>./test.sh</c> export).</summary>
    public const string PostgresEnvironmentVariable = "CS_POSTGRES";

    /// <summary>Environment variable that sets <see cref="RabbitMqUrl"/>.</summary>
    public const string RabbitMqEnvironmentVariable = "CS_RABBITMQ";

    /// <summary>Prefix of environment variables meant for CustomerStream only.</summary>
    public const string EnvironmentPrefix = "CS_";
}

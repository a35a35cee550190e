namespace CustomerStream.Testing;

/// <summary>
/// What the test run was given: <c>./test.sh</c> exports <c>CS_POSTGRES</c> and <c>CS_TEST_RABBITMQ</c> after making
/// sure a server and a broker run.
/// </summary>
public static class TestEnvironment
{
    public const string DefaultPostgres =
        "Host=127.0.0.1;Port=5432;Username=customerstream;Password=customerstream;Database=customerstream";

    /// <summary>Connection string of a database the tests may use to create their own databases.</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("CS_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    public const string DefaultRabbitMq = "amqp://customerstream:customerstream@127.0.0.1:5672/";

    /// <summary>
    /// AMQP URI of a RabbitMQ broker whose user may create virtual hosts through the management API
    /// (<c>CS_TEST_RABBITMQ</c>, not <c>CS_RABBITMQ</c>: that one would make every <c>up</c> a test starts run the bridge).
    /// </summary>
    public static string RabbitMqUri =>
        Environment.GetEnvironmentVariable("CS_TEST_RABBITMQ") is { Length: > 0 } configured ? configured : DefaultRabbitMq;

    /// <summary>Base URL of the broker's management API: <c>CS_TEST_RABBITMQ_MANAGEMENT</c>, else port 15672 on the broker's host.</summary>
    public static string RabbitMqManagementUrl =>
        Environment.GetEnvironmentVariable("CS_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } configured
            ? configured
            : $"http://{new Uri(RabbitMqUri).Host}:15672";

    /// <summary>Set to a bootstrap list to run the Kafka tests against a real cluster instead of the embedded one.</summary>
    public static string? ExternalKafkaBootstrap =>
        Environment.GetEnvironmentVariable("CS_TEST_KAFKA_BOOTSTRAP") is { Length: > 0 } b ? b : null;

    /// <summary><c>CS_TEST_KAFKA=testcontainers</c>: run the Kafka tests against Apache Kafka in Docker.</summary>
    public static bool UseTestcontainersKafka =>
        string.Equals(Environment.GetEnvironmentVariable("CS_TEST_KAFKA"), "testcontainers", StringComparison.OrdinalIgnoreCase);
}

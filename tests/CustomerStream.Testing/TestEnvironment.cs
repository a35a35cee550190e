namespace CustomerStream.Testing;

/// <summary>What the test run was given: <c>./test.sh</c> exports <c>CS_POSTGRES</c> after making sure a server runs.</summary>
public static class TestEnvironment
{
    public const string DefaultPostgres =
        "Host=127.0.0.1;Port=5432;Username=customerstream;Password=customerstream;Database=customerstream";

    /// <summary>Connection string of a database the tests may use to create their own databases.</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("CS_POSTGRES") is { Length: > 0 } configured ? configured : DefaultPostgres;

    /// <summary>Set to a bootstrap list to run the Kafka tests against a real cluster instead of the embedded one.</summary>
    public static string? ExternalKafkaBootstrap =>
        Environment.GetEnvironmentVariable("CS_TEST_KAFKA_BOOTSTRAP") is { Length: > 0 } b ? b : null;

    /// <summary><c>CS_TEST_KAFKA=testcontainers</c>: run the Kafka tests against Apache Kafka in Docker.</summary>
    public static bool UseTestcontainersKafka =>
        string.Equals(Environment.GetEnvironmentVariable("CS_TEST_KAFKA"), "testcontainers", StringComparison.OrdinalIgnoreCase);
}

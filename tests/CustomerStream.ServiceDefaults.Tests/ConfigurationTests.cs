using Microsoft.Extensions.Configuration;

namespace CustomerStream.ServiceDefaults.Tests;

/// <summary>Environment variables are process-wide, so these tests do not run beside each other.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConfigurationTests
{
    [Fact]
    public void Standard_and_CS_prefixed_environment_variables_both_set_keys_and_the_prefixed_one_wins()
    {
        var section = $"T{Guid.NewGuid():N}";
        using var plain = new EnvironmentVariable($"{section}__Plain", "from-plain");
        using var both = new EnvironmentVariable($"{section}__Both", "from-plain");
        using var prefixed = new EnvironmentVariable($"CS_{section}__Both", "from-prefixed");

        var configuration = new ConfigurationBuilder().AddCustomerStreamEnvironment().Build();

        Assert.Equal("from-plain", configuration[$"{section}:Plain"]);
        Assert.Equal("from-prefixed", configuration[$"{section}:Both"]);
    }

    [Fact]
    public void CS_POSTGRES_sets_the_postgres_connection_string()
    {
        using var postgres = new EnvironmentVariable("CS_POSTGRES", "Host=from-env");

        var configuration = new ConfigurationBuilder().AddCustomerStreamEnvironment().Build();

        Assert.Equal("Host=from-env", configuration[ConfigurationKeys.Postgres]);
    }

    [Fact]
    public void Stack_endpoints_configure_the_clients_and_the_environment_still_overrides_them()
    {
        using var postgres = new EnvironmentVariable("CS_POSTGRES", null);
        using var mode = new EnvironmentVariable("CS_Kafka__Mode", "External");
        var endpoints = new StackEndpoints
        {
            KafkaBootstrap = "127.0.0.1:9",
            KafkaAdminUrl = "http://127.0.0.1:8/admin/kafka",
            Postgres = "Host=from-endpoints",
        };

        var configuration = new ConfigurationBuilder().AddStackEndpoints(endpoints).AddCustomerStreamEnvironment().Build();

        Assert.Equal("127.0.0.1:9", configuration[ConfigurationKeys.KafkaBootstrapServers]);
        Assert.Equal("http://127.0.0.1:8/admin/kafka", configuration[ConfigurationKeys.KafkaAdminUrl]);
        Assert.Equal("Host=from-endpoints", configuration[ConfigurationKeys.Postgres]);
        Assert.Null(configuration[ConfigurationKeys.SchemaRegistryUrl]);
        Assert.Equal("External", configuration[ConfigurationKeys.KafkaMode]);
    }
}

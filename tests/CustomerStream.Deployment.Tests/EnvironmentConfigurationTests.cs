using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace CustomerStream.Deployment.Tests;

/// <summary>A container's environment read as configuration gives what the process environment would.</summary>
public sealed class EnvironmentConfigurationTests
{
    [Fact]
    public void Mapped_variables_give_the_same_configuration_as_the_process_environment()
    {
        var unique = $"DeployCheck{Guid.NewGuid():N}";
        var variables = new Dictionary<string, string>
        {
            [$"{unique}__Key"] = "plain",
            [$"{unique}__Both"] = "plain",
            [$"CS_{unique}__Both"] = "prefixed",
            [$"CS_{unique}__Only"] = "prefixed only",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var real = new ConfigurationBuilder().AddCustomerStreamEnvironment().Build();
            var mapped = new ConfigurationBuilder().AddCustomerStreamEnvironment(variables).Build();

            foreach (var key in new[] { "Key", "Both", "Only" })
            {
                Assert.Equal(real[$"{unique}:{key}"], mapped[$"{unique}:{key}"]);
            }

            Assert.Equal("prefixed", mapped[$"{unique}:Both"]);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}

using System.Net;
using CustomerStream.Cli.Stack;
using CustomerStream.Kafka;
using CustomerStream.ServiceDefaults;
using CustomerStream.ServiceDefaults.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// Runs a service's real start-up configuration for a container: the host <c>customerstream run SERVICE</c>
/// builds (<see cref="ServiceHosts"/>), with the container's environment instead of this process's, the
/// container's file system for the state-directory checks, and every <c>ValidateOnStart</c> validation the
/// host would run before starting. Nothing connects anywhere. Then the checks a container adds: where the
/// service listens and whether the addresses it is given can leave the container.
/// </summary>
internal static class ServiceStartup
{
    /// <summary>Every problem found; empty when the service would start.</summary>
    public static IReadOnlyList<string> Problems(string service, IReadOnlyDictionary<string, string> environment, IDirectoryAccess files, int containerPort)
    {
        var problems = new List<string>();
        var builder = ServiceHosts.CreateBuilder(service, endpoints: null, environment);
        builder.Services.Replace(ServiceDescriptor.Singleton(files));
        var configuration = builder.Configuration;
        foreach (var (key, what) in ServiceHosts.RequiredSettings(service))
        {
            if (string.IsNullOrWhiteSpace(configuration[key]))
            {
                problems.Add($"{key} ({what}) is not set");
            }
        }

        using (var app = ServiceHosts.Build(builder, service))
        {
            try
            {
                app.Services.GetRequiredService<IStartupValidator>().Validate();
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures);
            }
        }

        problems.AddRange(ListenProblems(configuration[WebHostDefaults.ServerUrlsKey], containerPort));
        problems.AddRange(AddressProblems(configuration));
        return problems;
    }

    /// <summary>The service must listen on every interface, on the port the container, its probes and its Service use.</summary>
    private static IEnumerable<string> ListenProblems(string? urls, int containerPort)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            yield return "no listen URL is configured";
            yield break;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = new Uri(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            if (IsLoopback(parsed.Host))
            {
                yield return $"listens on {url}, which only the container itself can reach";
            }
            else if (parsed.Port != containerPort)
            {
                yield return $"listens on {url}, but the container port (probes, Service, published port) is {containerPort}";
            }
        }
    }

    /// <summary>Inside a container, <c>localhost</c> is the container: no dependency is there.</summary>
    private static IEnumerable<string> AddressProblems(IConfiguration configuration)
    {
        foreach (var server in (configuration[ConfigurationKeys.KafkaBootstrapServers] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsLoopback(server.Split(':')[0].Trim()))
            {
                yield return $"{ConfigurationKeys.KafkaBootstrapServers} '{server}' is loopback: unreachable from a container";
            }
        }

        foreach (var key in new[] { ConfigurationKeys.SchemaRegistryUrl, ConfigurationKeys.OtlpEndpoint })
        {
            if (configuration[key] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsLoopback(uri.Host))
            {
                yield return $"{key} '{url}' is loopback: unreachable from a container";
            }
        }

        if (configuration[ConfigurationKeys.RabbitMqUrl] is { Length: > 0 } rabbitMq && Uri.TryCreate(rabbitMq, UriKind.Absolute, out var broker) && IsLoopback(broker.Host))
        {
            yield return $"{ConfigurationKeys.RabbitMqUrl} host '{broker.Host}' is loopback: unreachable from a container";
        }

        if (configuration[ConfigurationKeys.Postgres] is { Length: > 0 } postgres)
        {
            var host = new NpgsqlConnectionStringBuilder(postgres).Host ?? "";
            if (host.Split(',').Any(h => IsLoopback(h.Split(':')[0])))
            {
                yield return $"{ConfigurationKeys.Postgres} host '{host}' is loopback: unreachable from a container";
            }
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The Kafka options the container's environment gives (for checks on topics).</summary>
    public static KafkaOptions KafkaOptions(IReadOnlyDictionary<string, string> environment)
    {
        var options = new KafkaOptions();
        new ConfigurationBuilder().AddCustomerStreamEnvironment(environment).Build().GetSection(CustomerStream.Kafka.KafkaOptions.SectionName).Bind(options);
        return options;
    }
}

using CustomerStream.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka;

/// <summary>
/// Checks what data annotations cannot: that the chosen mode has what it needs, so a service fails at
/// start-up with a sentence instead of timing out on its first topic.
/// </summary>
internal sealed class KafkaOptionsValidator(IServiceProvider services) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is empty; set it (environment Kafka__BootstrapServers) or start the " +
                         "embedded stack with `customerstream up` and run the service with `customerstream run`.");
        }

        var inProcessCluster = services.GetService<EmbeddedKafkaCluster>() is not null;
        if (options.Mode == KafkaMode.Embedded && !inProcessCluster && string.IsNullOrWhiteSpace(options.AdminUrl))
        {
            failures.Add("Kafka:Mode is Embedded but no embedded cluster runs in this process and Kafka:AdminUrl is not " +
                         "set, so topics cannot be created; take kafka_admin_url from .customerstream/endpoints.json.");
        }

        if (options.AdminUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            failures.Add($"Kafka:AdminUrl '{url}' is not an absolute URL.");
        }

        if (options.StreamRetentionMs == 0)
        {
            failures.Add("Kafka:StreamRetentionMs must be -1 (keep forever) or a positive number of milliseconds.");
        }

        if (options.HeartbeatIntervalMs >= options.SessionTimeoutMs)
        {
            failures.Add("Kafka:HeartbeatIntervalMs must be lower than Kafka:SessionTimeoutMs.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Text.Json;
using CustomerStream.Kafka.Topics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CustomerStream.Kafka.Embedded;

/// <summary>
/// A loopback HTTP endpoint through which processes other than the one hosting the embedded cluster create
/// topics on it (librdkafka's mock cluster has no CreateTopics API, and its topic creation is a C call
/// inside the hosting process). <c>customerstream up</c> maps it and writes its URL to
/// <c>.customerstream/endpoints.json</c> as <c>kafka_admin_url</c>; <see cref="RemoteTopicProvisioner"/> calls it.
/// </summary>
/// <remarks>
/// Protocol: <c>POST {admin url}/topics</c> with a JSON array of <see cref="TopicSpec"/>; answers 200 with the
/// <see cref="ProvisionedTopic"/> array, or 409 with <c>{"error": "..."}</c> when provisioning is refused.
/// Bind the hosting server to 127.0.0.1 only: the endpoint has no authentication.
/// </remarks>
public static class KafkaTopicAdminEndpoints
{
    /// <summary>The path under which <see cref="MapKafkaTopicAdmin"/> maps the endpoint by default.</summary>
    public const string DefaultPrefix = "/admin/kafka";

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Maps <c>POST {prefix}/topics</c> to the <see cref="ITopicProvisioner"/> of this process.</summary>
    public static IEndpointConventionBuilder MapKafkaTopicAdmin(this IEndpointRouteBuilder endpoints, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(
            $"{prefix.TrimEnd('/')}/topics",
            async (List<TopicSpec> topics, ITopicProvisioner provisioner, CancellationToken cancellationToken) =>
            {
                try
                {
                    return Results.Json(await provisioner.EnsureTopicsAsync(topics, cancellationToken), Json);
                }
                catch (Exception e) when (e is TopicProvisioningException or ArgumentException)
                {
                    return Results.Json(new TopicAdminError(e.Message), Json, statusCode: StatusCodes.Status409Conflict);
                }
            });
    }

    /// <summary>The topics URL under an admin base URL such as <c>http://127.0.0.1:5123/admin/kafka</c>.</summary>
    public static Uri TopicsUrl(Uri adminUrl)
    {
        ArgumentNullException.ThrowIfNull(adminUrl);
        return new Uri(adminUrl.AbsoluteUri.TrimEnd('/') + "/topics");
    }
}

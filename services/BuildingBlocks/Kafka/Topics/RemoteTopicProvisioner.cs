using System.Net;
using System.Net.Http.Json;
using CustomerStream.Kafka.Embedded;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Provisions topics on an embedded cluster that runs in another process (<c>customerstream up</c>), through
/// that process's loopback topic-admin endpoint (<see cref="KafkaTopicAdminEndpoints"/>). This is how a
/// service started with <c>customerstream run</c> creates its topics when the mock cluster lives elsewhere.
/// </summary>
public sealed class RemoteTopicProvisioner : ITopicProvisioner, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _topicsUrl;

    /// <summary>Creates a provisioner that posts to <paramref name="adminUrl"/> (<see cref="KafkaOptions.AdminUrl"/>).</summary>
    public RemoteTopicProvisioner(Uri adminUrl, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(adminUrl);
        _topicsUrl = KafkaTopicAdminEndpoints.TopicsUrl(adminUrl);
        _http = new HttpClient { Timeout = timeout };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(_topicsUrl, topics.ToList(), KafkaTopicAdminEndpoints.Json, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TopicProvisioningException(
                $"The embedded Kafka admin endpoint at {_topicsUrl} does not answer ({e.Message}); is `customerstream up` still running?", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                var problem = await response.Content.ReadFromJsonAsync<TopicAdminError>(KafkaTopicAdminEndpoints.Json, cancellationToken)
                    .ConfigureAwait(false);
                throw new TopicProvisioningException(problem?.Error ?? "The embedded cluster refused the topics.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new TopicProvisioningException(
                    $"The embedded Kafka admin endpoint at {_topicsUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return await response.Content.ReadFromJsonAsync<List<ProvisionedTopic>>(KafkaTopicAdminEndpoints.Json, cancellationToken)
                       .ConfigureAwait(false)
                   ?? throw new TopicProvisioningException($"The embedded Kafka admin endpoint at {_topicsUrl} answered with no body.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

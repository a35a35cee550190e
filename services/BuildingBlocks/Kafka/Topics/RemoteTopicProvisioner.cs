using System.Net;
using System.Net.Http.Json;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Provisions topics on an embedded cluster that runs in another process (<c>customerstream up</c>), through
/// that process's loopback topic-admin endpoint (<see cref="KafkaTopicAdminEndpoints"/>). This is how a
/// service started with <c>customerstream run</c> creates its topics when the mock cluster lives elsewhere.
/// An endpoint that is there but does not answer in time, or answers 5xx (its cluster is slow to give metadata after a
/// broker came back), is asked again with back-off for up to <see cref="Patience"/>: a service (re)started at such a
/// moment waits instead of dying. An endpoint that refuses the connection is reported at once: `up` is not running.
/// </summary>
public sealed class RemoteTopicProvisioner : ITopicProvisioner, IDisposable
{
    /// <summary>How long a slow or failing endpoint is asked again before provisioning fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly Uri _topicsUrl;
    private readonly ILogger? _logger;

    /// <summary>Creates a provisioner that posts to <paramref name="adminUrl"/> (<see cref="KafkaOptions.AdminUrl"/>).</summary>
    /// <param name="adminUrl">The endpoint.</param>
    /// <param name="timeout">How long one request may take.</param>
    /// <param name="logger">Told about each request asked again.</param>
    public RemoteTopicProvisioner(Uri adminUrl, TimeSpan timeout, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(adminUrl);
        _topicsUrl = KafkaTopicAdminEndpoints.TopicsUrl(adminUrl);
        _http = new HttpClient { Timeout = timeout };
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var specs = topics.ToList();
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            string problem;
            try
            {
                var response = await _http.PostAsJsonAsync(_topicsUrl, specs, KafkaTopicAdminEndpoints.Json, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode < 500)
                {
                    return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
                }

                problem = $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
                response.Dispose();
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                throw new TopicProvisioningException(
                    $"The embedded Kafka admin endpoint at {_topicsUrl} does not answer ({e.Message}); is `customerstream up` still running?", e);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                problem = e.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TopicProvisioningException(
                    $"The embedded Kafka admin endpoint at {_topicsUrl} did not provision the topics within {Patience.TotalMinutes:N0} minutes ({problem}); is `customerstream up` healthy?");
            }

            var delay = RetryBackoff.Delay(attempt, TimeSpan.FromSeconds(5));
            _logger?.LogWarning("The embedded Kafka admin endpoint at {Url} could not provision topics now ({Problem}); asking again in {Seconds:N1} s", _topicsUrl, problem, delay.TotalSeconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<ProvisionedTopic>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
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
}

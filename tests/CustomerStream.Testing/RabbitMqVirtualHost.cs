using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace CustomerStream.Testing;

/// <summary>
/// A fresh, empty RabbitMQ virtual host for one test (class), deleted afterwards, on the broker of
/// <see cref="TestEnvironment.RabbitMqUri"/> (<c>./test.sh</c> installs and starts one): what a database is to
/// the PostgreSQL tests, so tests share a broker and still cannot see each other's exchanges and queues.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncLifetime
{
    private readonly Uri _broker = new(TestEnvironment.RabbitMqUri);
    private readonly HttpClient _management;

    public RabbitMqVirtualHost()
    {
        Name = Unique.Name("cs-test");
        var (user, password) = Credentials(_broker);
        _management = new HttpClient { BaseAddress = new Uri(TestEnvironment.RabbitMqManagementUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        User = user;
    }

    /// <summary>The virtual host's name.</summary>
    public string Name { get; }

    /// <summary>The broker user the tests connect as.</summary>
    public string User { get; }

    /// <summary>The AMQP URI of the virtual host (<c>amqp://user:password@host:port/name</c>).</summary>
    public string Uri => new UriBuilder(_broker) { Path = "/" + System.Uri.EscapeDataString(Name) }.Uri.ToString();

    /// <summary>The broker's host name.</summary>
    public string Host => _broker.Host;

    /// <summary>The broker's AMQP port.</summary>
    public int Port => _broker.IsDefaultPort || _broker.Port < 0 ? 5672 : _broker.Port;

    public string Password => Credentials(_broker).Password;

    public async Task InitializeAsync()
    {
        try
        {
            (await _management.PutAsync($"api/vhosts/{Escape(Name)}", null)).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ's management API is not reachable at {_management.BaseAddress} as {User}. Run ./test.sh (it installs and starts " +
                "a broker with scripts/ensure-rabbitmq.sh) or set CS_TEST_RABBITMQ (and CS_TEST_RABBITMQ_MANAGEMENT).", e);
        }

        var permissions = JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" });
        (await _management.PutAsync($"api/permissions/{Escape(Name)}/{Escape(User)}", permissions)).EnsureSuccessStatusCode();
    }

    /// <summary>Messages ready and unacknowledged in <paramref name="queue"/>, or null when it does not exist (yet).</summary>
    public async Task<long?> QueueDepthAsync(string queue)
    {
        using var response = await _management.GetAsync($"api/queues/{Escape(Name)}/{Escape(queue)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
    }

    public async Task DisposeAsync()
    {
        try
        {
            using var response = await _management.DeleteAsync($"api/vhosts/{Escape(Name)}");
        }
        finally
        {
            _management.Dispose();
        }
    }

    private static string Escape(string segment) => System.Uri.EscapeDataString(segment);

    private static (string User, string Password) Credentials(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return ("guest", "guest");
        }

        var parts = uri.UserInfo.Split(':', 2);
        return (System.Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? System.Uri.UnescapeDataString(parts[1]) : "");
    }
}

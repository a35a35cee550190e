using CustomerStream.Testing;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>Where a test's bridge and subscriber meet: a virtual host on the shared broker, or a test's own node.</summary>
public sealed record Broker(string Host, int Port, string VirtualHost, string User, string Password)
{
    /// <summary>The AMQP URI the bridge is configured with.</summary>
    public string Uri => new UriBuilder("amqp", Host, Port, "/" + System.Uri.EscapeDataString(VirtualHost == "/" ? "" : VirtualHost))
    {
        UserName = System.Uri.EscapeDataString(User),
        Password = System.Uri.EscapeDataString(Password),
    }.Uri.ToString();

    public static Broker Of(RabbitMqVirtualHost virtualHost) =>
        new(virtualHost.Host, virtualHost.Port, virtualHost.Name, virtualHost.User, virtualHost.Password);

    public static Broker Of(RabbitMqNode node) => new("127.0.0.1", node.Port, "/", "guest", "guest");

    /// <summary>The same broker reached through another port (a <see cref="TcpProxy"/>).</summary>
    public Broker Through(TcpProxy proxy) => this with { Host = "127.0.0.1", Port = proxy.Port };
}

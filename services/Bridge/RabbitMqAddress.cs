namespace CustomerStream.Bridge;

/// <summary>An AMQP URI taken apart the way RabbitMQ's URI specification reads it (user info and virtual host percent-decoded).</summary>
public sealed record RabbitMqAddress(string Host, int Port, string VirtualHost, string Username, string Password, bool UseSsl)
{
    /// <summary>Parses <c>amqp[s]://[user[:password]@]host[:port][/vhost]</c>.</summary>
    /// <exception cref="FormatException">Not such a URI.</exception>
    public static RabbitMqAddress Parse(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{Redact(url)}' is not an AMQP URI (amqp://user:password@host:5672/vhost, or amqps:// for TLS).");
        }

        var ssl = uri.Scheme == "amqps";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (ssl ? 5671 : 5672) : uri.Port;
        var path = uri.AbsolutePath.TrimStart('/');
        if (path.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"'{Redact(url)}' names more than a virtual host after the port; a '/' inside the virtual host name is written %2F.");
        }

        var virtualHost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        var (user, password) = ("guest", "guest");
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return new RabbitMqAddress(uri.Host, port, virtualHost, user, password, ssl);
    }

    /// <summary>The URI without its password, for logs and messages.</summary>
    public static string Redact(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return url ?? "";
        }

        var user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
        return new UriBuilder(uri) { UserName = user, Password = "***" }.Uri.ToString();
    }

    /// <summary>Where the broker is, without credentials: <c>host:port/vhost</c>.</summary>
    public override string ToString() => $"{(UseSsl ? "amqps" : "amqp")}://{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}

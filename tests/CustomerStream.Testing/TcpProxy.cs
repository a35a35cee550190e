using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CustomerStream.Testing;

/// <summary>
/// A TCP forwarder in front of a real server (PostgreSQL, say) that a test can cut, to give a client the
/// outage it would see when the server restarts or the network fails: <see cref="Cut"/> resets every open
/// connection and every new one at once, <see cref="Restore"/> forwards again. The server itself is never
/// touched, so other tests sharing it are not disturbed.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, (TcpClient Client, TcpClient Server)> _open = new();
    private readonly Task _accepting;
    private long _next;
    private volatile bool _cut;

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port the proxy listens on, on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts a proxy to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static TcpProxy Start(string host, int port) => new(host, port);

    /// <summary>Starts a proxy to the PostgreSQL server of <paramref name="connectionString"/>.</summary>
    public static TcpProxy ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return Start(builder.Host ?? "127.0.0.1", builder.Port);
    }

    /// <summary><paramref name="connectionString"/> pointed at this proxy; pooling is left as it is.</summary>
    public string Reroute(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    /// <summary>Resets every open connection; new ones are reset as soon as they are accepted, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (id, pair) in _open)
        {
            if (_open.TryRemove(id, out _))
            {
                Reset(pair.Client);
                Reset(pair.Server);
            }
        }
    }

    /// <summary>Forwards new connections again.</summary>
    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                Reset(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        var id = Interlocked.Increment(ref _next);
        _open[id] = (client, server);
        try
        {
            var up = PumpAsync(client, server);
            var down = PumpAsync(server, client);
            await Task.WhenAny(up, down);
        }
        finally
        {
            if (_open.TryRemove(id, out _))
            {
                client.Dispose();
                server.Dispose();
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // The other side went away, or the proxy cut it: the pair is closed by the caller.
        }
    }

    // Closing with a zero linger time sends RST: the peer sees the connection reset, not a polite end.
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        client.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}

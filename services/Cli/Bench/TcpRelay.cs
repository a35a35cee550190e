using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// A loopback TCP relay between the services and one server (PostgreSQL, the Schema Registry) that the fault bench
/// can cut: while cut, the connections it carried are reset and new ones are accepted and closed at once, so that
/// clients meet what a network cut or a restarting server gives them — without root, without touching the server.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Socket> _pairs = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private int _dropped;

    /// <param name="host">The server's host.</param>
    /// <param name="port">The server's port.</param>
    public TcpRelay(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port the relay listens on (127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections the relay dropped while cut (carried ones reset, new ones closed).</summary>
    public int Dropped => _dropped;

    /// <summary>Resets every carried connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (client, server) in _pairs)
        {
            Reset(client);
            Reset(server);
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Carries connections again.</summary>
    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var (client, server) in _pairs)
        {
            Reset(client);
            Reset(server);
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Reset(client);
                Interlocked.Increment(ref _dropped);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            _pairs[client] = server;
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A cut, the server going away or the relay stopping: both ends are closed below.
        }
        finally
        {
            _pairs.TryRemove(client, out _);
            Reset(client);
            Reset(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The other direction or Cut ends the pair.
        }
    }

    /// <summary>Closes with an RST (linger 0), as a dropped network path or a killed server leaves a client.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed already.
        }
    }
}

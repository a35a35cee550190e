using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CustomerStream.Testing;

/// <summary>
/// A RabbitMQ broker of its own for one test, so that the test can stop, kill and restart it without touching
/// the shared broker other tests use: Debian's <c>rabbitmq-server</c> run as a separate node (own name, own
/// ports, own data directory under a temporary folder), as the user running the tests. Restarting keeps the
/// data directory, so durable queues and persistent messages survive as on a real broker restart.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private static readonly string[] ServerScripts = ["/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server"];
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly TemporaryDirectory _home = new("cs-rabbitmq-");
    private readonly string _nodeName = $"{Unique.Name("cs-test")}@localhost";
    private readonly int _distributionPort = FreePort();
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RabbitMqNode()
    {
        Port = FreePort();
        File.WriteAllText(System.IO.Path.Combine(_home.Path, "enabled_plugins"), "[].");
    }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The AMQP URI of the default virtual host, as <c>guest</c> (allowed from the loopback interface).</summary>
    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>Whether the broker process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a new node and waits until it accepts connections.</summary>
    public static async Task<RabbitMqNode> StartAsync()
    {
        var node = new RabbitMqNode();
        try
        {
            await node.StartAgainAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the broker (again) on the same ports and data, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The broker is running.");
        }

        var script = ServerScripts.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("rabbitmq-server is not installed. Run ./test.sh (scripts/ensure-rabbitmq.sh installs it) or apt-get install rabbitmq-server.");
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _home.Path,
        };
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = _nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = System.IO.Path.Combine(_home.Path, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = System.IO.Path.Combine(_home.Path, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = System.IO.Path.Combine(_home.Path, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = System.IO.Path.Combine(_home.Path, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = System.IO.Path.Combine(_home.Path, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = System.IO.Path.Combine(_home.Path, "rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = System.IO.Path.Combine(_home.Path, "pid"),
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{script} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync())
        {
            if (process.HasExited || clock.Elapsed > BootTimeout)
            {
                throw new InvalidOperationException(
                    $"The test broker {_nodeName} did not start within {BootTimeout.TotalSeconds:F0} s (exit code {(process.HasExited ? process.ExitCode : "none")}):{Environment.NewLine}"
                    + string.Join(Environment.NewLine, _output.TakeLast(40)));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Stops the broker the way an init system does (SIGTERM: connections closed, queues written), and waits until it exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the broker outright (SIGKILL), as a crash or a power cut would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>The broker's last lines of output, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            _home.Dispose();
        }
        catch (IOException)
        {
            // A file still being closed by the exiting node: the temporary folder goes with the machine.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }

    // The AMQP listener opens when the broker has booted; a handshake byte proves it is the broker, not a stray socket.
    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var buffer = new byte[1];
            return await stream.ReadAsync(buffer, timeout.Token) == 1;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

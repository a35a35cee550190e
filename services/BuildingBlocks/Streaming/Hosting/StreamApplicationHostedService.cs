using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.Streaming.Hosting;

/// <summary>
/// Runs a <see cref="StreamApplication"/> for the life of the host. Host shutdown cancels the stopping
/// token, and the application stops gracefully (finishes its batch, commits, checkpoints); a failure of the
/// application ends <c>ExecuteAsync</c> with its exception, which stops the host by default.
/// </summary>
public sealed class StreamApplicationHostedService : BackgroundService
{
    private readonly StreamApplication _application;

    /// <summary>Wraps an application.</summary>
    public StreamApplicationHostedService(StreamApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        _application = application;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _application.RunAsync(stoppingToken);
}

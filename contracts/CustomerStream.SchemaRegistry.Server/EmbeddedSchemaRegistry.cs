using System.Net;
using CustomerStream.SchemaRegistry.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>
/// A Confluent-compatible Schema Registry running inside the calling process (Kestrel on loopback,
/// schemas in PostgreSQL), for <c>customerstream up</c> and <c>demo</c> and for tests. Any Confluent
/// client, in any language, can use <see cref="Url"/>. Dispose it to stop it.
/// </summary>
public sealed class EmbeddedSchemaRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private EmbeddedSchemaRegistry(WebApplication app, Uri url)
    {
        _app = app;
        Url = url.ToString().TrimEnd('/');
        Port = url.Port;
    }

    /// <summary>Base URL for clients, e.g. <c>http://127.0.0.1:41733</c> (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>The port it listens on (the one chosen when the options said 0).</summary>
    public int Port { get; }

    /// <summary>
    /// Creates the registry's tables when missing and starts listening. Returns once requests are
    /// being served.
    /// </summary>
    /// <exception cref="InvalidOperationException">It could not start: the port is taken, PostgreSQL is unreachable, or the options are invalid; the message says which.</exception>
    public static async Task<EmbeddedSchemaRegistry> StartAsync(
        SchemaRegistryServerOptions options,
        CancellationToken cancellationToken = default,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = ParseHost(options.Host);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmbeddedSchemaRegistry).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        if (loggerFactory is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }

        builder.Services.AddSchemaRegistryServer(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.DatabaseSchema = options.DatabaseSchema;
            o.DefaultCompatibility = options.DefaultCompatibility;
            o.Host = options.Host;
            o.Port = options.Port;
        });

        var app = builder.Build();
        app.Use(AnswerUnroutedRequests);
        app.MapSchemaRegistry();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or NpgsqlException or OptionsValidationException or TimeoutException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(StartFailure(e, options), e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The Schema Registry started but reports no address.");
        return new EmbeddedSchemaRegistry(app, new Uri(bound));
    }

    /// <summary>Stops serving, letting requests in flight finish (up to the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server and releases its port and connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>No route matched, or the method is wrong: answer in the registry's error format rather than with an empty body.</summary>
    private static async Task AnswerUnroutedRequests(HttpContext context, RequestDelegate next)
    {
        await next(context).ConfigureAwait(false);
        if (context.Response.HasStarted || context.Response.StatusCode is not (404 or 405))
        {
            return;
        }

        var status = context.Response.StatusCode;
        var message = status == 404
            ? $"HTTP 404 Not Found: no Schema Registry endpoint is {context.Request.Method} {context.Request.Path}."
            : $"HTTP 405 Method Not Allowed: {context.Request.Method} is not allowed on {context.Request.Path}.";
        await RegistryResults.WriteErrorAsync(context, status, status, message).ConfigureAwait(false);
    }

    private static IPAddress ParseHost(string host) =>
        IPAddress.TryParse(host, out var address) ? address
        : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : throw new ArgumentException($"Host must be an IP address or 'localhost', not '{host}'.", nameof(host));

    private static string StartFailure(Exception e, SchemaRegistryServerOptions options) => e switch
    {
        IOException => $"The Schema Registry cannot listen on {options.Host}:{options.Port} ({e.Message}); choose another port, or 0 for any free one.",
        OptionsValidationException => $"The Schema Registry's options are invalid: {e.Message}",
        _ => $"The Schema Registry cannot reach PostgreSQL ({Redact(options.ConnectionString)}): {e.Message}",
    };

    private static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
        }
        catch (ArgumentException)
        {
            return "an unparsable connection string";
        }
    }
}

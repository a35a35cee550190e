using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerStream.SchemaRegistry.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CustomerStream.SchemaRegistry;

/// <summary>
/// <see cref="ISchemaRegistryClient"/> over HTTP. Schema ids are cached both ways (id → schema, and
/// subject + schema → id), and concurrent requests for the same uncached id share one HTTP call.
/// Transient failures (unreachable, timeout, 5xx, 408, 429) are retried with exponential backoff and
/// jitter, rotating through the configured URLs. Thread-safe; create one per registry and share it.
/// </summary>
public sealed class CachedSchemaRegistryClient : ISchemaRegistryClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri[] _baseUrls;
    private readonly string? _authorization;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly int _attempts;
    private readonly ConcurrentDictionary<int, Task<string>> _schemasById = new();
    private readonly ConcurrentDictionary<(string Subject, string Schema), Task<int>> _idsBySubjectSchema = new();
    private readonly ConcurrentDictionary<(string Subject, int Version), RegisteredSchema> _versions = new();
    private int _nextUrl;

    /// <summary>Creates a client for the registry at <paramref name="url"/> with default settings.</summary>
    public CachedSchemaRegistryClient(string url)
        : this(new SchemaRegistryClientOptions { Url = url })
    {
    }

    /// <summary>Creates a client. Pass an <see cref="HttpClient"/> to control its handler (it is then not disposed here).</summary>
    public CachedSchemaRegistryClient(SchemaRegistryClientOptions options, HttpClient? httpClient = null, ILogger<CachedSchemaRegistryClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _baseUrls = ParseUrls(options.Url);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _authorization = options.BasicAuthUserInfo is { Length: > 0 } userInfo
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo))
            : null;
        if (httpClient is null)
        {
            _http = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = options.RequestTimeout,
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }

        _attempts = options.MaxRetries + 1;
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TransientAnswerException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "Schema Registry request failed ({Reason}); retry {Attempt} of {MaxRetries} in {Delay} ms",
                        args.Outcome.Exception?.Message,
                        args.AttemptNumber + 1,
                        options.MaxRetries,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <inheritdoc />
    public Task<int> RegisterSchemaAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        return Shared(_idsBySubjectSchema, (subject, schema), async () =>
        {
            var answer = await SendAsync(
                HttpMethod.Post,
                $"subjects/{Escape(subject)}/versions",
                new SchemaRequest(schema),
                SchemaRegistryJsonContext.Default.SchemaIdResponse).ConfigureAwait(false);
            _schemasById.TryAdd(answer.Id, Task.FromResult(schema));
            return answer.Id;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
        Shared(_schemasById, id, async () =>
        {
            var answer = await SendAsync(
                HttpMethod.Get,
                $"schemas/ids/{id.ToString(CultureInfo.InvariantCulture)}",
                null,
                SchemaRegistryJsonContext.Default.SchemaByIdResponse).ConfigureAwait(false);
            return answer.Schema;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        if (_versions.TryGetValue((subject, version), out var cached))
        {
            return cached;
        }

        var registered = await GetVersionAsync(subject, version.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        _versions.TryAdd((subject, version), registered);
        return registered;
    }

    /// <inheritdoc />
    public Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return GetVersionAsync(subject, "latest", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RegisteredSchema> LookupSchemaAsync(string subject, string schema, bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        var answer = await SendAsync(
            HttpMethod.Post,
            $"subjects/{Escape(subject)}{(includeDeleted ? "?deleted=true" : "")}",
            new SchemaRequest(schema),
            SchemaRegistryJsonContext.Default.SubjectVersionResponse,
            cancellationToken).ConfigureAwait(false);
        var registered = ToRegistered(answer);
        _schemasById.TryAdd(registered.Id, Task.FromResult(registered.Schema));
        return registered;
    }

    /// <inheritdoc />
    public Task<int> GetSchemaIdAsync(string subject, string schema, CancellationToken cancellationToken = default) =>
        Shared(_idsBySubjectSchema, (subject, schema), async () =>
            (await LookupSchemaAsync(subject, schema, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Id,
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "subjects", null, SchemaRegistryJsonContext.Default.ListString, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return await SendAsync(HttpMethod.Get, $"subjects/{Escape(subject)}/versions", null, SchemaRegistryJsonContext.Default.ListInt32, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CompatibilityCheck> TestCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        var path = version is { } v
            ? $"compatibility/subjects/{Escape(subject)}/versions/{v.ToString(CultureInfo.InvariantCulture)}?verbose=true"
            : $"compatibility/subjects/{Escape(subject)}/versions?verbose=true";
        var answer = await SendAsync(HttpMethod.Post, path, new SchemaRequest(schema), SchemaRegistryJsonContext.Default.CompatibilityResponse, cancellationToken)
            .ConfigureAwait(false);
        return new CompatibilityCheck(answer.IsCompatible, answer.Messages ?? []);
    }

    /// <inheritdoc />
    public async Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}?defaultToGlobal=true";
        var answer = await SendAsync(HttpMethod.Get, path, null, SchemaRegistryJsonContext.Default.ConfigResponse, cancellationToken).ConfigureAwait(false);
        return ParseLevel(answer.CompatibilityLevel);
    }

    /// <inheritdoc />
    public async Task<CompatibilityLevel> UpdateCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}";
        var answer = await SendAsync(HttpMethod.Put, path, new ConfigUpdate(level.ToRestName()), SchemaRegistryJsonContext.Default.ConfigUpdate, cancellationToken)
            .ConfigureAwait(false);
        return ParseLevel(answer.Compatibility);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var deleted = await SendAsync(
            HttpMethod.Delete,
            $"subjects/{Escape(subject)}{(permanent ? "?permanent=true" : "")}",
            null,
            SchemaRegistryJsonContext.Default.ListInt32,
            cancellationToken).ConfigureAwait(false);
        Forget(subject);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<int> DeleteSubjectVersionAsync(string subject, int version, bool permanent = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var deleted = await SendAsync(
            HttpMethod.Delete,
            $"subjects/{Escape(subject)}/versions/{version.ToString(CultureInfo.InvariantCulture)}{(permanent ? "?permanent=true" : "")}",
            null,
            SchemaRegistryJsonContext.Default.Int32,
            cancellationToken).ConfigureAwait(false);
        Forget(subject);
        return deleted;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<RegisteredSchema> GetVersionAsync(string subject, string version, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            HttpMethod.Get,
            $"subjects/{Escape(subject)}/versions/{version}",
            null,
            SchemaRegistryJsonContext.Default.SubjectVersionResponse,
            cancellationToken).ConfigureAwait(false);
        var registered = ToRegistered(answer);
        _schemasById.TryAdd(registered.Id, Task.FromResult(registered.Schema));
        return registered;
    }

    private void Forget(string subject)
    {
        foreach (var key in _idsBySubjectSchema.Keys.Where(k => k.Subject == subject))
        {
            _idsBySubjectSchema.TryRemove(key, out _);
        }

        foreach (var key in _versions.Keys.Where(k => k.Subject == subject))
        {
            _versions.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// One fetch per key however many callers ask at once; a failed fetch is forgotten so that the next
    /// caller tries again. The fetch runs without the callers' tokens (another caller may still want
    /// it); each caller stops waiting when its own token is cancelled.
    /// </summary>
    private static async Task<T> Shared<TKey, T>(ConcurrentDictionary<TKey, Task<T>> cache, TKey key, Func<Task<T>> fetch, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var task = cache.GetOrAdd(key, _ => fetch());
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            cache.TryRemove(new KeyValuePair<TKey, Task<T>>(key, task));
            throw;
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, JsonTypeInfo<T> answerType, CancellationToken cancellationToken = default)
    {
        var content = body switch
        {
            null => null,
            SchemaRequest request => JsonSerializer.SerializeToUtf8Bytes(request, SchemaRegistryJsonContext.Default.SchemaRequest),
            ConfigUpdate update => JsonSerializer.SerializeToUtf8Bytes(update, SchemaRegistryJsonContext.Default.ConfigUpdate),
            _ => throw new ArgumentException($"Unexpected body type {body.GetType().Name}", nameof(body)),
        };
        var description = $"{method} /{path}";
        var lastUrl = _baseUrls[0];
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    var baseUrl = _baseUrls[(int)((uint)Interlocked.Increment(ref _nextUrl) % (uint)_baseUrls.Length)];
                    lastUrl = baseUrl;
                    using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
                    request.Headers.Accept.ParseAdd(SchemaRegistryMediaTypes.Accept);
                    if (_authorization is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _authorization);
                    }

                    if (content is not null)
                    {
                        request.Content = new ByteArrayContent(content);
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue(SchemaRegistryMediaTypes.V1Json);
                    }

                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        try
                        {
                            return JsonSerializer.Deserialize(bytes, answerType)
                                ?? throw new JsonException("empty body");
                        }
                        catch (JsonException e)
                        {
                            throw new SchemaRegistryException(
                                $"The answer to {description} is not what a Schema Registry sends ({e.Message}) (Schema Registry {baseUrl})",
                                response.StatusCode,
                                innerException: e);
                        }
                    }

                    var error = ParseError(bytes, response.StatusCode);
                    var failure = new SchemaRegistryException(
                        $"{error.Message} (Schema Registry {baseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}, error code {error.ErrorCode}, to {description})",
                        response.StatusCode,
                        error.ErrorCode)
                    {
                        RegistryMessage = error.Message,
                    };
                    if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                    {
                        throw new TransientAnswerException(failure);
                    }

                    throw failure;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TransientAnswerException e)
        {
            throw e.Failure;
        }
        catch (HttpRequestException e)
        {
            throw new SchemaRegistryException(
                $"Schema Registry at {lastUrl} is unreachable ({e.Message}) after {_attempts} attempt(s) of {description}; is it running, and is the URL right?",
                innerException: e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SchemaRegistryException(
                $"Schema Registry at {lastUrl} did not answer {description} in time after {_attempts} attempt(s).",
                innerException: e);
        }
    }

    private static ErrorResponse ParseError(byte[] body, HttpStatusCode status)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, SchemaRegistryJsonContext.Default.ErrorResponse) is { Message: not null } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // Not a registry error body (a proxy's HTML page, say): report its text instead.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return new ErrorResponse((int)status, text.Length == 0 ? status.ToString() : text.Length > 300 ? text[..300] + "…" : text);
    }

    private static RegisteredSchema ToRegistered(SubjectVersionResponse answer) =>
        new(answer.Subject, answer.Version, answer.Id, answer.Schema);

    private static CompatibilityLevel ParseLevel(string? text) =>
        CompatibilityLevels.TryParse(text, out var level)
            ? level
            : throw new SchemaRegistryException($"The registry answered an unknown compatibility level '{text}'.");

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static Uri[] ParseUrls(string urls)
    {
        var parsed = (urls ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u.EndsWith('/') ? u : u + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException($"'{u}' is not an http(s) URL of a Schema Registry.", nameof(urls)))
            .ToArray();
        return parsed.Length > 0 ? parsed : throw new ArgumentException("No Schema Registry URL was given.", nameof(urls));
    }

    /// <summary>Carries a retryable answer through the retry strategy; unwrapped when retries run out.</summary>
    private sealed class TransientAnswerException(SchemaRegistryException failure) : Exception(failure.Message)
    {
        public SchemaRegistryException Failure { get; } = failure;
    }
}

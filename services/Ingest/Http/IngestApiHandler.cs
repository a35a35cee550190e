using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Ingest.Reading;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Http;

/// <summary>
/// Handles <c>POST /v1/customers|orders|web-events</c>: checks the API key and the body size, reads the
/// JSON array, normalizes every element, publishes the accepted records and the rejections, waits for
/// Kafka's acknowledgement and answers with the counts and the per-record reasons.
/// </summary>
public sealed partial class IngestApiHandler
{
    private readonly IngestPublisher _publisher;
    private readonly IngestPipeline _pipeline;
    private readonly IngestApiOptions _options;
    private readonly ILogger<IngestApiHandler> _logger;
    private readonly ApiKeySet _keys;

    public IngestApiHandler(IngestPublisher publisher, IngestPipeline pipeline, IOptions<IngestApiOptions> options, ILogger<IngestApiHandler> logger)
    {
        _publisher = publisher;
        _pipeline = pipeline;
        _options = options.Value;
        _logger = logger;
        _keys = new ApiKeySet(_options.ApiKeys);
    }

    public async Task<IResult> HandleAsync(HttpContext http, IngestEntity entity, CancellationToken cancellationToken)
    {
        if (!IsAuthorized(http.Request.Headers[IngestApiOptions.ApiKeyHeader]))
        {
            return Problem(StatusCodes.Status401Unauthorized, $"missing or invalid {IngestApiOptions.ApiKeyHeader} header", "send one of the keys configured in Ingest:Api:ApiKeys");
        }

        var requestId = RequestIdOf(http);
        http.Response.Headers[IngestApiOptions.RequestIdHeader] = requestId;
        if (await ReadBodyAsync(http, cancellationToken) is not { } body)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {_options.MaxBodyBytes:N0} bytes", "split the records into smaller batches");
        }

        using var activity = IngestTelemetry.StartActivity("ingest http",
        [
            new("customerstream.ingest.entity", entity.EntityName()),
            new("customerstream.ingest.request_id", requestId),
        ]);
        var source = http.Request.Query["source"].FirstOrDefault();
        using var reader = new JsonBatchReader(body, FieldSet.For(entity), requestId, _pipeline.Limits);
        var batch = _publisher.Begin(entity, activity);
        var errors = new List<IngestError>();
        try
        {
            if (reader.BodyError is { } bodyError)
            {
                var rejected = Rejections.Create(entity, source ?? CustomerNormalizer.Unknown, reader.RequestRef, bodyError,
                    Encoding.UTF8.GetString(body.Span), System.Text.Unicode.Utf8.IsValid(body.Span) ? null : body.ToArray(), DateTime.UtcNow);
                await batch.PublishRejectionAsync(rejected, cancellationToken);
                errors.Add(new IngestError(null, bodyError.ReasonCode, bodyError.Reason));
            }
            else
            {
                switch (entity)
                {
                    case IngestEntity.Customers:
                        await ProcessAsync(reader, _pipeline.Customers, batch, source, errors, cancellationToken);
                        break;
                    case IngestEntity.Orders:
                        await ProcessAsync(reader, _pipeline.Orders, batch, source, errors, cancellationToken);
                        break;
                    default:
                        await ProcessAsync(reader, _pipeline.WebEvents, batch, source, errors, cancellationToken);
                        break;
                }
            }

            await batch.CompleteAsync(_publisher.CompletionTimeout, cancellationToken);
        }
        catch (IngestPublishException e)
        {
            LogPublishFailed(e, requestId);
            return Problem(StatusCodes.Status503ServiceUnavailable, $"the records could not be stored: {e.Message}", "retry later; a re-sent batch is deduplicated downstream");
        }
        catch (IngestStalledException e)
        {
            LogStalled(e, requestId);
            return Problem(StatusCodes.Status503ServiceUnavailable, $"the pipeline is too far behind to take more records: {e.Message}", "retry later; a re-sent batch is deduplicated downstream");
        }

        var counters = batch.Counters;
        LogHandled(entity.EntityName(), requestId, counters.Accepted, counters.Rejected);
        return errors.Count == 0
            ? Results.Json(new IngestResponse((int)counters.Accepted, 0, requestId), IngestApiJsonContext.Default.IngestResponse, statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new IngestResponse((int)counters.Accepted, (int)counters.Rejected, requestId, errors), IngestApiJsonContext.Default.IngestResponse, statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task ProcessAsync<T>(
        JsonBatchReader reader, RowProcessor<T> processor, PublishBatch batch, string? source, List<IngestError> errors, CancellationToken cancellationToken)
        where T : class
    {
        var index = 0;
        while (await reader.ReadAsync(cancellationToken) is { } row)
        {
            var outcome = processor.Process(row, DateTime.UtcNow, source);
            if (outcome.Rejected is { } rejected)
            {
                errors.Add(new IngestError(index, rejected.ReasonCode, rejected.Reason));
            }

            await batch.PublishAsync(outcome, cancellationToken);
            index++;
        }
    }

    private bool IsAuthorized(string? key) => _keys.Accepts(key);

    private static string RequestIdOf(HttpContext http)
    {
        var given = http.Request.Headers[IngestApiOptions.RequestIdHeader].FirstOrDefault();
        return given is { Length: > 0 and <= 64 } && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Guid.NewGuid().ToString("N");
    }

    /// <summary>The body, or null when it is larger than allowed (checked before reading when the length is announced).</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var max = _options.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Our own limit decides; the server's default (30 MB) must not answer first, nor cut a larger allowance.
            sizeFeature.MaxRequestBodySize = null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(http.Request.ContentLength ?? 64 * 1024, max) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await http.Request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > max)
            {
                return null;
            }
        }
    }

    private static IResult Problem(int status, string error, string hint) =>
        Results.Json(new ApiProblem(error, hint), IngestApiJsonContext.Default.ApiProblem, statusCode: status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest request {RequestId} ({Entity}): {Accepted} accepted, {Rejected} rejected")]
    private partial void LogHandled(string entity, string requestId, long accepted, long rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingest request {RequestId}: Kafka did not take the records")]
    private partial void LogPublishFailed(Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest request {RequestId}: the consumers of the ingest topics did not move, the request is answered 503")]
    private partial void LogStalled(Exception exception, string requestId);
}

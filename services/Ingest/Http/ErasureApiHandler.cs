using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Ingest.Erasure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace CustomerStream.Ingest.Http;

/// <summary>
/// Handles <c>POST /v1/erasures</c> (body <c>{"subject": "...", "reason": "..."}</c>, the same API key as ingest):
/// writes the request to the erasure ledger and answers 202 with its erasure id once Kafka acknowledged it.
/// </summary>
public sealed partial class ErasureApiHandler(ErasurePublisher publisher, IOptions<IngestApiOptions> options, ILogger<ErasureApiHandler> logger)
{
    private const int MaxBodyBytes = 16 * 1024;

    private readonly ApiKeySet _keys = new(options.Value.ApiKeys);

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!_keys.Accepts(http.Request.Headers[IngestApiOptions.ApiKeyHeader]))
        {
            return Problem(StatusCodes.Status401Unauthorized, $"missing or invalid {IngestApiOptions.ApiKeyHeader} header", "send one of the keys configured in Ingest:Api:ApiKeys");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {MaxBodyBytes:N0} bytes", "send one erasure per request");
        }

        ErasureApiRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, IngestApiJsonContext.Default.ErasureApiRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}", """send {"subject": "<Customer360 ID | e-mail | source:id>", "reason": "..."}""");
        }

        if (body?.Subject is not { } subject)
        {
            return Problem(StatusCodes.Status400BadRequest, "the body names no subject", """send {"subject": "<Customer360 ID | e-mail | source:id>", "reason": "..."}""");
        }

        try
        {
            var request = await publisher.RequestAsync(subject, body.Reason, "api", cancellationToken);
            LogRequested(logger, request.ErasureId, request.SubjectKind);
            return Results.Json(new ErasureApiResponse(request.ErasureId, request.SubjectKind, request.RequestedAt),
                IngestApiJsonContext.Default.ErasureApiResponse, statusCode: StatusCodes.Status202Accepted);
        }
        catch (FormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message, "name a Customer360 ID, an e-mail address or an identifier such as crm:123");
        }
        catch (KafkaException e)
        {
            LogNotTaken(logger, e);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Kafka did not take the erasure request", "retry: a repeated request forgets nothing twice");
        }
    }

    private static IResult Problem(int status, string error, string hint) =>
        Results.Json(new ApiProblem(error, hint), IngestApiJsonContext.Default.ApiProblem, statusCode: status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId} requested ({SubjectKind})")]
    private static partial void LogRequested(ILogger logger, string erasureId, string subjectKind);

    [LoggerMessage(Level = LogLevel.Error, Message = "An erasure request was not taken by Kafka")]
    private static partial void LogNotTaken(ILogger logger, Exception exception);
}

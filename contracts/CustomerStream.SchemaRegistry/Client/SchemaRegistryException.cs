using System.Net;

namespace CustomerStream.SchemaRegistry;

/// <summary>
/// The Schema Registry refused a request or could not be reached. <see cref="ErrorCode"/> is
/// Confluent's <c>error_code</c> (see <see cref="Rest.SchemaRegistryErrorCodes"/>); the message
/// starts with the registry's own explanation and ends with the request and the registry's URL.
/// </summary>
public sealed class SchemaRegistryException : Exception
{
    /// <summary>Creates the exception for an answer (status and code) or for no answer (both null).</summary>
    public SchemaRegistryException(string message, HttpStatusCode? statusCode = null, int? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status the registry answered with; null when it could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Confluent's <c>error_code</c> from the answer (e.g. 40401, 409, 42201); null when there was none.</summary>
    public int? ErrorCode { get; }

    /// <summary>The registry's explanation without the request context (the <c>message</c> of its error body).</summary>
    public string RegistryMessage { get; init; } = "";

    /// <summary>Whether the failure is a 404-family "not found" (subject, version or schema).</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}

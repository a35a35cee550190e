using System.Net;
using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry;

/// <summary>
/// The one place that tells the failures of Confluent's Schema Registry client apart: <em>unavailable</em> (no
/// answer, or a 5xx/408/429 after the client's retries: wait and retry, never skip a record) and <em>refused</em>
/// (an answer about the request itself, e.g. 40403 schema id not found or 409 incompatible: retrying cannot help).
/// </summary>
public static class SchemaRegistryFailures
{
    private const string ErrorCodeSuffix = "; error code: ";

    /// <summary>Whether <paramref name="exception"/> means the registry could not serve the request now.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        SchemaRegistryUnavailableException => true,
        SchemaRegistryException refused => IsTransientStatus(refused.Status),
        // Confluent's client reports "no answer from any URL" (and a 401 without a body) as a plain HttpRequestException.
        HttpRequestException or TimeoutException or TaskCanceledException => true,
        // A connection cut mid-request can also surface unwrapped, as the socket's own error (seen: "Transport
        // endpoint is not connected" while a proxy in front of the registry reset its connections).
        IOException or System.Net.Sockets.SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        _ => false,
    };

    /// <summary>Whether the registry answered "not found" (40401 subject, 40402 version, 40403 schema id).</summary>
    public static bool IsNotFound(Exception exception) =>
        exception is SchemaRegistryException { Status: HttpStatusCode.NotFound };

    /// <summary>
    /// Whether decoding a record failed because of the record itself (not Confluent-framed, corrupt Avro, a writer
    /// schema that does not resolve to the contract): no retry can cure it, so the record goes to its stage's
    /// dead-letter topic. An unavailable registry (<see cref="IsUnavailable"/>: wait and retry) and an unknown schema
    /// id (<see cref="IsNotFound"/>: <see cref="MissingSchema"/>, stop) are not.
    /// </summary>
    public static bool IsUndecodable(Exception exception) => exception is InvalidDataException or AvroDataException or AvroMappingException;

    /// <summary>
    /// The error that stops a stage when the registry answers "not found" for the schema id of a record it read: every
    /// id on the product's topics was registered when its record was written, so the registry is the wrong one or lost
    /// its schemas. Skipping would drop every record; stopping makes the operator fix the configuration.
    /// </summary>
    public static InvalidOperationException MissingSchema(Exception notFound, string topic, int partition, long offset)
    {
        ArgumentNullException.ThrowIfNull(notFound);
        var answer = notFound is SchemaRegistryException refused ? RegistryMessage(refused) : notFound.Message;
        return new InvalidOperationException(
            $"The Schema Registry does not know the schema of the record at {topic}[{partition}]@{offset} ({answer}). Every schema id on "
            + "the product's topics was registered when its record was written, so SchemaRegistry:Url names another registry or the "
            + "registry lost its schemas: a configuration error. Stopping rather than skipping records; fix SchemaRegistry:Url (or "
            + "restore the registry) and start the service again.",
            notFound);
    }

    /// <summary>The registry's own message, without the <c>; error code: N</c> that Confluent's client appends.</summary>
    public static string RegistryMessage(SchemaRegistryException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var suffix = message.LastIndexOf(ErrorCodeSuffix, StringComparison.Ordinal);
        return suffix >= 0 ? message[..suffix] : message;
    }

    /// <summary>
    /// <paramref name="exception"/> with <paramref name="action"/> (what was asked, e.g. "register the schema of X
    /// under subject 'Y'") in front of its message: a <see cref="SchemaRegistryException"/> keeps its status and
    /// code, an unavailable registry becomes a <see cref="SchemaRegistryUnavailableException"/>; null for any
    /// other exception (not the registry's).
    /// </summary>
    public static Exception? WithContext(Exception exception, string action)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            SchemaRegistryUnavailableException => exception,
            SchemaRegistryException refused when !IsTransientStatus(refused.Status) =>
                new SchemaRegistryException($"Cannot {action}: {RegistryMessage(refused)}", refused.Status, refused.ErrorCode),
            _ when IsUnavailable(exception) => new SchemaRegistryUnavailableException(
                $"Cannot {action}: the Schema Registry is unavailable ({exception.Message}). Is it running, and are SchemaRegistry:Url and its credentials right?",
                exception),
            _ => null,
        };
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}

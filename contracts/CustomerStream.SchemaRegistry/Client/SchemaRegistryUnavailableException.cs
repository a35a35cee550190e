namespace CustomerStream.SchemaRegistry;

/// <summary>
/// The Schema Registry did not answer (refused, timed out, or kept failing on its side) after the retries of
/// Confluent's client. Nothing is wrong with the data: wait and try again, never skip the record. The message
/// says what was asked, of which registry, and what happened; <see cref="Exception.InnerException"/> is
/// Confluent's or the HTTP stack's own exception.
/// </summary>
public sealed class SchemaRegistryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaRegistryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// A schema cannot be mapped to a .NET type, or a writer schema cannot be read with a reader
/// schema (Avro schema resolution fails). Raised when a reader or writer is built, before any data
/// is touched; the message names the schema, the field and the reason.
/// </summary>
public sealed class AvroMappingException : Exception
{
    /// <summary>Creates the exception with a message naming schema, field and reason.</summary>
    public AvroMappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure underneath.</summary>
    public AvroMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>A request the registry refuses: becomes Confluent's error body with this status and code.</summary>
internal sealed class RegistryException(int status, int errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int ErrorCode { get; } = errorCode;
}

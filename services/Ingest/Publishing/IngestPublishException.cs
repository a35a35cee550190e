namespace CustomerStream.Ingest.Publishing;

/// <summary>Kafka did not take a record (unreachable cluster, timeout, authorization, …): the run is not complete.</summary>
public sealed class IngestPublishException(string message, Exception? inner = null) : Exception(message, inner);

namespace CustomerStream.Projection.Service;

/// <summary>
/// What <see cref="IRecordDecoder"/> answers for a record that can never be decoded (not Confluent-framed, corrupt
/// Avro, a writer schema that does not resolve): the record goes to the dead-letter topic, never skipped.
/// </summary>
/// <param name="Error">Why it cannot be decoded.</param>
public sealed record UndecodableRecord(Exception Error);

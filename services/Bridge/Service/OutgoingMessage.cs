using System.Diagnostics;
using Confluent.Kafka;

namespace CustomerStream.Bridge.Service;

/// <summary>One message to publish, with where it came from on Kafka and the trace it continues.</summary>
/// <param name="Message">A <c>CustomerStream.Messages</c> record.</param>
/// <param name="MessageId">The MassTransit message id (same for every delivery of the event).</param>
/// <param name="Source">The Kafka record it was made from.</param>
/// <param name="Parent">The trace context the record carried in its headers, or default.</param>
public sealed record OutgoingMessage(object Message, Guid MessageId, TopicPartitionOffset Source, ActivityContext Parent);

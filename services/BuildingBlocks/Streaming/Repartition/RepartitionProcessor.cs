using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.Processing;

namespace CustomerStream.Streaming.Repartition;

/// <summary>
/// Copies each record to a topic under a new key: value, headers (trace context included) and timestamp
/// stay as they were, and optionally a header names the topic the record came from.
/// </summary>
public sealed class RepartitionProcessor : IStreamProcessor
{
    private readonly string _targetTopic;
    private readonly Func<StreamRecord, byte[]?> _keySelector;
    private readonly string? _sourceTopicHeader;

    /// <summary>Creates the processor.</summary>
    /// <param name="targetTopic">Where records go.</param>
    /// <param name="keySelector">The new key of a record (null for none).</param>
    /// <param name="sourceTopicHeader">Name of a header to set to the input topic's name, or null.</param>
    public RepartitionProcessor(string targetTopic, Func<StreamRecord, byte[]?> keySelector, string? sourceTopicHeader = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTopic);
        ArgumentNullException.ThrowIfNull(keySelector);
        _targetTopic = targetTopic;
        _keySelector = keySelector;
        _sourceTopicHeader = sourceTopicHeader;
    }

    /// <inheritdoc />
    public void Process(StreamRecord record, IProcessorContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        var headers = new Headers();
        foreach (var header in record.Headers)
        {
            if (header.Key != _sourceTopicHeader)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        if (_sourceTopicHeader is not null)
        {
            headers.Add(_sourceTopicHeader, Encoding.UTF8.GetBytes(record.Topic));
        }

        context.Forward(_targetTopic, _keySelector(record), record.Value, headers);
    }
}

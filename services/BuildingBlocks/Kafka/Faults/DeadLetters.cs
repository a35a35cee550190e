using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Kafka.Faults;

/// <summary>
/// The one home of the dead-letter format. A record a stage cannot decode or process goes, unchanged (key, value,
/// headers), to the stage's dead-letter topic <c>&lt;stage&gt;.dead-letter.v1</c>, with headers saying where it came
/// from and why it failed; nothing is skipped silently. <c>customerstream dead-letters</c> lists them and, once the
/// cause is fixed, re-sends each to its source topic (<see cref="ForReplay"/>), where the stage reads it again.
/// </summary>
public static class DeadLetters
{
    /// <summary>Header: the error that made the record a dead letter (exception type and message).</summary>
    public const string ErrorHeader = "dead-letter.error";

    /// <summary>Header: the stage that gave up on the record (e.g. <c>identity</c>).</summary>
    public const string StageHeader = "dead-letter.stage";

    /// <summary>Header: the topic the record was read from.</summary>
    public const string SourceTopicHeader = "dead-letter.source-topic";

    /// <summary>Header: its partition (decimal).</summary>
    public const string SourcePartitionHeader = "dead-letter.source-partition";

    /// <summary>Header: its offset (decimal).</summary>
    public const string SourceOffsetHeader = "dead-letter.source-offset";

    private const string HeaderPrefix = "dead-letter.";

    // Kafka headers are small: an error message longer than this is cut (the stage's log has it whole).
    private const int MaxErrorLength = 2_000;

    /// <summary>The dead-letter topic of <paramref name="stage"/>: <c>&lt;stage&gt;.dead-letter.v1</c>.</summary>
    public static string TopicOf(string stage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return $"{stage}.dead-letter.v1";
    }

    /// <summary>The dead letter of a record read from <paramref name="topic"/>[<paramref name="partition"/>]@<paramref name="offset"/>.</summary>
    public static Message<byte[], byte[]> Create(
        string stage, string topic, int partition, long offset, Timestamp timestamp, byte[]? key, byte[]? value, Headers? headers, Exception error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(error);
        var outgoing = new Headers();
        foreach (var header in headers ?? [])
        {
            // A record that failed before keeps its original headers only: the newest failure describes it.
            if (!header.Key.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                outgoing.Add(header.Key, header.GetValueBytes());
            }
        }

        var message = $"{error.GetType().Name}: {error.Message}";
        outgoing.Add(ErrorHeader, Encoding.UTF8.GetBytes(message.Length > MaxErrorLength ? message[..MaxErrorLength] : message));
        outgoing.Add(StageHeader, Encoding.UTF8.GetBytes(stage));
        outgoing.Add(SourceTopicHeader, Encoding.UTF8.GetBytes(topic));
        outgoing.Add(SourcePartitionHeader, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
        outgoing.Add(SourceOffsetHeader, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        return new Message<byte[], byte[]>
        {
            Key = key!,
            Value = value!,
            Headers = outgoing,
            Timestamp = timestamp.Type == TimestampType.NotAvailable ? Timestamp.Default : new Timestamp(timestamp.UnixTimestampMs, TimestampType.CreateTime),
        };
    }

    /// <summary>What a dead-letter record says about itself.</summary>
    /// <exception cref="InvalidDataException">The record lacks the dead-letter headers (it was not written by <see cref="Create"/>).</exception>
    public static DeadLetter Read(ConsumeResult<byte[]?, byte[]?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var headers = record.Message.Headers;
        return new DeadLetter(
            Text(headers, StageHeader),
            Text(headers, SourceTopicHeader),
            int.Parse(Text(headers, SourcePartitionHeader), CultureInfo.InvariantCulture),
            long.Parse(Text(headers, SourceOffsetHeader), CultureInfo.InvariantCulture),
            Text(headers, ErrorHeader),
            record.TopicPartitionOffset,
            record.Message.Timestamp.UtcDateTime);
    }

    /// <summary>The record as it was before it failed (key, value, its own headers), to be produced to its source topic again.</summary>
    public static Message<byte[]?, byte[]?> ForReplay(ConsumeResult<byte[]?, byte[]?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var headers = new Headers();
        foreach (var header in record.Message.Headers ?? [])
        {
            if (!header.Key.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        return new Message<byte[]?, byte[]?> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
    }

    private static string Text(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) && bytes is not null
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidDataException($"A dead-letter record without the '{name}' header.");
}

using Confluent.Kafka;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Delivery results of one task in one batch. Delivery reports arrive on the producer's thread; the
/// processing loop reads the results once every report of the phase is in.
/// </summary>
internal sealed class TaskDeliveries
{
    private readonly Lock _gate = new();
    private long _minChangelogOffset = long.MaxValue;
    private long _maxChangelogOffset = -1;
    private int _changelogAcks;

    public TaskDeliveries(BatchDeliveries batch)
    {
        Output = report => Record(report, changelog: false, batch);
        Changelog = report => Record(report, changelog: true, batch);
    }

    public Action<DeliveryReport<byte[], byte[]>> Output { get; }

    public Action<DeliveryReport<byte[], byte[]>> Changelog { get; }

    public Error? FirstError { get; private set; }

    public bool Failed
    {
        get
        {
            lock (_gate)
            {
                return FirstError is not null;
            }
        }
    }

    public long MarkerOffset { get; private set; } = -1;

    public void Fail(Error error)
    {
        lock (_gate)
        {
            FirstError ??= error;
        }
    }

    /// <summary>
    /// Whether the task's changelog records took exactly the offsets <paramref name="expectedStart"/> ..
    /// +<paramref name="count"/>-1: anything else means another writer appended in between (the task was
    /// taken over) or records were lost.
    /// </summary>
    public bool ChangelogContiguous(long expectedStart, int count)
    {
        lock (_gate)
        {
            return count == 0
                ? _changelogAcks == 0
                : _changelogAcks == count && _minChangelogOffset == expectedStart && _maxChangelogOffset == expectedStart + count - 1;
        }
    }

    public Action<DeliveryReport<byte[], byte[]>> MarkerHandler(BatchDeliveries batch) => report =>
    {
        lock (_gate)
        {
            if (report.Error.IsError)
            {
                FirstError ??= report.Error;
            }
            else
            {
                MarkerOffset = report.Offset.Value;
            }
        }

        batch.Complete();
    };

    private void Record(DeliveryReport<byte[], byte[]> report, bool changelog, BatchDeliveries batch)
    {
        lock (_gate)
        {
            if (report.Error.IsError)
            {
                FirstError ??= report.Error;
            }
            else if (changelog)
            {
                _changelogAcks++;
                _minChangelogOffset = Math.Min(_minChangelogOffset, report.Offset.Value);
                _maxChangelogOffset = Math.Max(_maxChangelogOffset, report.Offset.Value);
            }
        }

        batch.Complete();
    }
}

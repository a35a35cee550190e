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
    private BatchDeliveries _phase;

    public TaskDeliveries(BatchDeliveries phase)
    {
        _phase = phase;
        Output = report => Record(report, changelog: false);
        Changelog = report => Record(report, changelog: true);
        Control = report =>
        {
            lock (_gate)
            {
                if (report.Error.IsError)
                {
                    FirstError ??= report.Error;
                }
                else
                {
                    ControlOffset = report.Offset.Value;
                }
            }

            _phase.Complete();
        };
    }

    /// <summary>The handler of an output record.</summary>
    public Action<DeliveryReport<byte[], byte[]>> Output { get; }

    /// <summary>The handler of a changelog data record.</summary>
    public Action<DeliveryReport<byte[], byte[]>> Changelog { get; }

    /// <summary>The handler of the phase's one control record (plan or marker): its offset lands in <see cref="ControlOffset"/>.</summary>
    public Action<DeliveryReport<byte[], byte[]>> Control { get; }

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

    /// <summary>Offset of the last control record acknowledged (-1 before).</summary>
    public long ControlOffset { get; private set; } = -1;

    /// <summary>The phase whose acknowledgements are counted from now on.</summary>
    public void StartPhase(BatchDeliveries phase) => _phase = phase;

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

    private void Record(DeliveryReport<byte[], byte[]> report, bool changelog)
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

        _phase.Complete();
    }
}

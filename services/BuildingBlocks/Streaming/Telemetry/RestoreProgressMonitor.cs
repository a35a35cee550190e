using System.Diagnostics.Metrics;

namespace CustomerStream.Streaming.Telemetry;

/// <summary>
/// Reads the runtime's published gauge <c>customerstream.streaming.restore.remaining</c> (changelog records
/// a task still has to restore, per application and partition) on demand, for readiness checks. The gauge
/// is reported every <c>StreamApplicationOptions.RestoreProgressInterval</c> (5 s by default) while a restore
/// runs and removed when it ends, so a restore is seen from its first progress report on: shorter restores
/// go unnoticed, which is harmless for readiness.
/// </summary>
public sealed class RestoreProgressMonitor : IDisposable
{
    /// <summary>Name of the gauge read (documented in <c>docs/streaming-runtime.md</c>).</summary>
    public const string RemainingInstrument = "customerstream.streaming.restore.remaining";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private Dictionary<string, long>? _collecting;

    /// <summary>Starts listening to the gauge of every stream application of this process.</summary>
    public RestoreProgressMonitor()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamingTelemetry.MeterName && instrument.Name == RemainingInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Changelog records that the tasks of <paramref name="applicationId"/> still have to restore (0 when none restores).</summary>
    public long RemainingRecords(string applicationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        lock (_gate)
        {
            _collecting = new Dictionary<string, long>(StringComparer.Ordinal);
            _listener.RecordObservableInstruments();
            var remaining = _collecting.GetValueOrDefault(applicationId);
            _collecting = null;
            return remaining;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // Only measurements this monitor asked for (under the lock) are counted.
        var collecting = _collecting;
        if (collecting is null)
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == StreamingTelemetry.ApplicationIdTag && tag.Value is string application)
            {
                collecting[application] = collecting.GetValueOrDefault(application) + value;
            }
        }
    }
}

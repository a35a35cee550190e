using System.Diagnostics.Tracing;

namespace CustomerStream.Benchmarks;

/// <summary>
/// Bytes allocated by type while <see cref="Enabled"/>, from the runtime's allocation sampling event
/// (GCAllocationTick: one event per ~100 KB allocated, naming the type that crossed the mark).
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Enabled { get; set; }

    /// <summary>The largest allocators, with their share and bytes per unit of work.</summary>
    public void Print(long units, string unit, int top = 30)
    {
        lock (_gate)
        {
            var total = Math.Max(1, _bytes.Values.Sum());
            foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(top))
            {
                Console.WriteLine($"  {bytes * 100.0 / total,5:F1} % {bytes / (double)units,7:F0} B/{unit}  {type}");
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Enabled || eventData.EventName is not "GCAllocationTick_V4" || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }
}

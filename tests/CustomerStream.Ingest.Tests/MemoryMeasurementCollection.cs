namespace CustomerStream.Ingest.Tests;

/// <summary>
/// Tests that measure the process's managed heap run alone: GC.GetTotalMemory counts every thread's objects, so a
/// test class running beside them would be measured too (seen once: 16.9 MB against a 16 MB bound).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}

using System.Globalization;
using CustomerStream.Projection.Service;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Cli.Bench;

/// <summary>The projection's share of a bench phase, from its in-process stage accounting (<see cref="ProjectionMetrics.Stages"/>).</summary>
internal static class ProjectionStages
{
    public static ProjectionStageTimes Snapshot(IServiceProvider services) =>
        services.GetService<ProjectionMetrics>()?.Stages ?? ProjectionStageTimes.Zero;

    public static string Describe(ProjectionStageTimes s) => string.Create(CultureInfo.InvariantCulture,
        $"projection {s.Records:N0} records in {s.Batches:N0} batches ({s.RowsWritten:N0} rows): decoding {s.Decoding.TotalSeconds:N2} s, " +
        $"preparing {s.Preparing.TotalSeconds:N2} s, PostgreSQL {s.Database.TotalSeconds:N2} s, commits {s.Committing.TotalSeconds:N2} s, " +
        $"idle {s.Waiting.TotalSeconds:N2} s; {s.RecordsPerBusySecond:N0} records per busy second");
}

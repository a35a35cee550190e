using System.Diagnostics;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>One query of <c>bench --bi</c>, timed over many runs: p50, p99 and max, in milliseconds.</summary>
/// <param name="Key">The JSON key prefix, e.g. <c>lookup_by_id</c>.</param>
/// <param name="Label">What it reads, for the printed table.</param>
/// <param name="Sql">The query; <c>$1</c> is the argument of each run, when it has one.</param>
internal sealed record BiQuery(string Key, string Label, string Sql)
{
    /// <summary>Runs the query once per argument (or <paramref name="runs"/> times without one), reading every row; returns the times.</summary>
    public async Task<BiTiming> TimeAsync(NpgsqlDataSource dataSource, IReadOnlyList<string>? arguments, int runs, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        long rows = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var count = arguments?.Count ?? runs;
        for (var i = 0; i < count; i++)
        {
            await using var command = new NpgsqlCommand(Sql, connection);
            if (arguments is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = arguments[i] });
            }

            var clock = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                }
            }

            times.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
        }

        times.Sort();
        return new BiTiming(this, Percentile(times, 50), Percentile(times, 99), times[^1], times.Count, (double)rows / times.Count);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The times of one <see cref="BiQuery"/>.</summary>
internal sealed record BiTiming(BiQuery Query, double P50, double P99, double Max, int Runs, double RowsPerRun);

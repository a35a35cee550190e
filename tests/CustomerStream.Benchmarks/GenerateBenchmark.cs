using System.Diagnostics;
using CustomerStream.Generation;

namespace CustomerStream.Benchmarks;

/// <summary>How fast <c>customerstream generate</c> writes a sample, and with how much memory.</summary>
public sealed class GenerateBenchmark : IBenchmark
{
    public string Name => "generate";

    public string Description => "sample generator speed and peak memory [customers=2000] [months=12] [out=temp]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0]) : 2_000;
        var months = args.Count > 1 ? int.Parse(args[1]) : 12;
        var folder = args.Count > 2 ? args[2] : Directory.CreateTempSubdirectory("cs-generate-").FullName;
        try
        {
            var process = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            var sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = customers, Months = months, Seed = 42 }, folder, cancellationToken: cancellationToken);
            clock.Stop();
            process.Refresh();
            var bytes = sample.Files.Sum(f => new FileInfo(Path.Combine(folder, f.Name)).Length) + new FileInfo(sample.GroundTruthPath).Length;
            Console.WriteLine($"generate: {customers:N0} customers x {months} months -> {sample.Records:N0} rows, {bytes / 1048576.0:N1} MB in {clock.Elapsed.TotalSeconds:F2} s " +
                              $"({sample.Records / clock.Elapsed.TotalSeconds:N0} rows/s); peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MB");
            foreach (var file in sample.Files)
            {
                Console.WriteLine($"  {file.Name,-24} {file.Records,12:N0} rows  {file.Duplicates,10:N0} re-sends  {file.Rejected,6:N0} bad");
            }

            Console.WriteLine($"  truth: {sample.Totals.Visible:N0} visible, {sample.Totals.Test:N0} test, {sample.Totals.Deleted:N0} deleted, {sample.Totals.AnonymousProfiles:N0} anonymous profiles, revenue {sample.Totals.Revenue:N2}");
        }
        finally
        {
            if (args.Count <= 2)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

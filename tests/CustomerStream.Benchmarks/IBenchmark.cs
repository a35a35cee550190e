namespace CustomerStream.Benchmarks;

/// <summary>One benchmark: found by reflection, run by name, prints its figures to stdout.</summary>
public interface IBenchmark
{
    /// <summary>Name on the command line, e.g. <c>streaming</c>.</summary>
    string Name { get; }

    /// <summary>One line shown by <c>--help</c>.</summary>
    string Description { get; }

    Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}

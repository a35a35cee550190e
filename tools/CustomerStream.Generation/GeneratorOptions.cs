namespace CustomerStream.Generation;

/// <summary>What to generate: how many people, over how many months, from which seed.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Distinct people in the sample (customers by intent; the ground truth says how many the contract sees).</summary>
    public int Customers { get; init; } = 2_000;

    /// <summary>Calendar months of orders and web events, ending with <see cref="LastMonth"/>.</summary>
    public int Months { get; init; } = 12;

    public int Seed { get; init; } = 42;

    /// <summary>The last month of the sample; fixed by default so that a seed always gives the same files.</summary>
    public DateOnly LastMonth { get; init; } = new(2025, 12, 1);

    /// <summary>The problems with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Customers is < 1 or > 10_000_000)
        {
            problems.Add($"--customers must be from 1 to 10,000,000 (got {Customers})");
        }

        if (Months is < 1 or > 120)
        {
            problems.Add($"--months must be from 1 to 120 (got {Months})");
        }

        return problems;
    }
}

using System.CommandLine;

namespace CustomerStream.Cli.Commands;

/// <summary>Options that shape a generated sample, the same for <c>demo</c> and <c>generate</c>.</summary>
internal static class SampleOptions
{
    public static Option<int> Customers() => new("--customers")
    {
        Description = "How many distinct people the generated sample holds.",
        DefaultValueFactory = _ => 10_000,
    };

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed of the generator, so that the same sample can be generated again.",
        DefaultValueFactory = _ => 42,
    };
}

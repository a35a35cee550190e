namespace CustomerStream.Generation;

/// <summary>
/// A small deterministic generator (SplitMix64) owned by the sample: the same seed gives the same
/// numbers on every runtime and platform, which <see cref="Random"/> does not promise. One instance
/// per unit of the sample, seeded from the sample seed and the unit's index, so a unit's content
/// does not depend on the units before it.
/// </summary>
internal sealed class SampleRandom(ulong state)
{
    private ulong _state = state;

    public static SampleRandom For(int seed, long stream, long index) =>
        new(Mix(Mix((ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL) ^ Mix((ulong)stream * 0xD1B54A32D192ED03UL) ^ (ulong)index));

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextULong() % (ulong)maxExclusive);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A Poisson-distributed count with mean <paramref name="mean"/> (Knuth; means here are small).</summary>
    public int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var product = NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

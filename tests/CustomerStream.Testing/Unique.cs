namespace CustomerStream.Testing;

/// <summary>Names unique to one test, so that tests share a cluster or server and still run in parallel.</summary>
public static class Unique
{
    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

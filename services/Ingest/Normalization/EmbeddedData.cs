namespace CustomerStream.Ingest.Normalization;

/// <summary>Reads the tab-separated reference tables embedded from <c>Normalization/Data</c>.</summary>
internal static class EmbeddedData
{
    public static IEnumerable<string[]> Lines(string name)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        using var stream = assembly.GetManifestResourceStream($"ingest-data/{name}")
            ?? throw new InvalidOperationException($"embedded resource ingest-data/{name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line.Split('\t');
            }
        }
    }
}

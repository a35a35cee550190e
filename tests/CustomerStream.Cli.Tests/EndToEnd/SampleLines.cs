using System.Globalization;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The raw lines of a generated sample, looked up by the record position identity records as evidence
/// (<c>file.csv:42</c>, 1-based): what the explain checks read to see that a named record really carries the
/// identifiers it is said to have linked.
/// </summary>
internal sealed class SampleLines(string folder)
{
    private readonly Dictionary<string, string[]> _files = new(StringComparer.Ordinal);

    /// <summary>The line <paramref name="sourceRef"/> names.</summary>
    public string Line(string? sourceRef)
    {
        Assert.False(string.IsNullOrEmpty(sourceRef), "a record without a position");
        var colon = sourceRef.LastIndexOf(':');
        var file = sourceRef[..colon];
        if (!_files.TryGetValue(file, out var lines))
        {
            _files[file] = lines = File.ReadAllLines(Path.Combine(folder, file));
        }

        return lines[int.Parse(sourceRef[(colon + 1)..], CultureInfo.InvariantCulture) - 1];
    }

    /// <summary>Whether the raw line holds the identifier's value: the address of an e-mail, the id of a source or device.</summary>
    public static bool Carries(string line, string identifier) =>
        line.Contains(identifier[(identifier.IndexOf(':', StringComparison.Ordinal) + 1)..], StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the record <paramref name="sourceRef"/> names carries both identifiers.</summary>
    public bool Links(string? sourceRef, string one, string other)
    {
        var line = Line(sourceRef);
        return Carries(line, one) && Carries(line, other);
    }
}

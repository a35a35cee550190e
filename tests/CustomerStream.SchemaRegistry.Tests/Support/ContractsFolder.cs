namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// A folder under <c>contracts/</c>: the repository's own when the tests run inside the repository (so the tests
/// read, and regeneration writes, the files under version control), else the copy made at build time.
/// </summary>
public static class ContractsFolder
{
    public static string Find(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "contracts", name);
            if (File.Exists(Path.Combine(directory.FullName, "CustomerStream.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, $"contract-{name}");
    }
}

namespace CustomerStream.Deployment.Tests;

/// <summary>Paths of the repository's deployment files, found from the test's output folder upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CustomerStream.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CustomerStream.sln not found above " + AppContext.BaseDirectory);
    }
}

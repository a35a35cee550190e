using System.Text.RegularExpressions;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// What the final stage of the repository's Dockerfile gives a container: its environment (<c>ENV</c>), its
/// user (<c>USER</c>) and the directories created for that user (<c>RUN install -d -o "$APP_UID" ...</c>).
/// Everything else in the image belongs to root, as in the .NET base images.
/// </summary>
internal sealed partial class ContainerImage
{
    /// <summary><c>APP_UID</c> of the official .NET images (mcr.microsoft.com/dotnet/aspnet).</summary>
    public const string AppUid = "1654";

    private ContainerImage(IReadOnlyDictionary<string, string> environment, string user, IReadOnlyList<string> userDirectories)
    {
        Environment = environment;
        User = user;
        UserDirectories = userDirectories;
    }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string User { get; }

    /// <summary>Directories of the image that the service user owns.</summary>
    public IReadOnlyList<string> UserDirectories { get; }

    public static ContainerImage FromDockerfile(string text)
    {
        // Join continuation lines, then keep the last stage only.
        var lines = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        var last = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var stage = lines.Skip(last).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var user = "root";
        var directories = new List<string>();
        foreach (var line in stage)
        {
            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                foreach (Match pair in EnvPair().Matches(line[4..]))
                {
                    environment[pair.Groups[1].Value] = pair.Groups[2].Value;
                }
            }
            else if (line.StartsWith("USER ", StringComparison.Ordinal))
            {
                user = Resolve(line[5..].Trim());
            }
            else if (InstallDirectory().Match(line) is { Success: true } install && Resolve(install.Groups[1].Value) == AppUid)
            {
                directories.AddRange(install.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => a.StartsWith('/')));
            }
        }

        return new ContainerImage(environment, user, directories);
    }

    private static string Resolve(string value) => value.Trim('"') is "$APP_UID" or "${APP_UID}" ? AppUid : value.Trim('"');

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"^RUN install -d -o (\S+)(?: -g \S+)?(?: -m \S+)? (.+)$")]
    private static partial Regex InstallDirectory();
}

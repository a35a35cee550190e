using CustomerStream.ServiceDefaults.State;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// The file system a container of the image sees, as far as writing goes: mounted volumes (writable or not
/// for the service user, decided by the orchestrator's rules) over the image, where only the directories
/// the Dockerfile gives the service user are writable.
/// </summary>
internal sealed class ContainerFileSystem(ContainerImage image, IReadOnlyList<ContainerMount> mounts) : IDirectoryAccess
{
    public string? CheckWritable(string fullPath)
    {
        var mount = mounts.Where(m => IsUnder(fullPath, m.Path)).MaxBy(m => m.Path.Length);
        if (mount is not null)
        {
            return mount.Problem;
        }

        if (image.User == "root" || image.UserDirectories.Any(d => IsUnder(fullPath, d)))
        {
            return null;
        }

        return $"'{fullPath}' is in the image, owned by root, and no volume is mounted there " +
               $"(the service user {image.User} owns only {string.Join(", ", image.UserDirectories)})";
    }

    private static bool IsUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);
}

/// <summary>A volume mounted into a container; <see cref="Problem"/> says why the service user cannot write it, or is null.</summary>
internal sealed record ContainerMount(string Path, string? Problem);

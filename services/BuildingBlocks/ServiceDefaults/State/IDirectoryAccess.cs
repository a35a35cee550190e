namespace CustomerStream.ServiceDefaults.State;

/// <summary>
/// Whether this process can keep files in a directory. Services check their state directories with it when
/// they start, so that a container whose state path is read-only for its user stops at once with a message
/// naming the setting, instead of failing on its first RocksDB write. Deployment tests put a model of the
/// container's file system here.
/// </summary>
public interface IDirectoryAccess
{
    /// <summary>Returns <c>null</c> when files can be created in <paramref name="fullPath"/>, else why not.</summary>
    string? CheckWritable(string fullPath);
}

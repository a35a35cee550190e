namespace CustomerStream.ServiceDefaults.State;

/// <summary>
/// Checks a directory on this machine by doing what the service is about to do: create the directory and a
/// file in it (removed again).
/// </summary>
public sealed class LocalDirectoryAccess : IDirectoryAccess
{
    /// <inheritdoc />
    public string? CheckWritable(string fullPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullPath);
        var probe = Path.Combine(fullPath, $".write-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(fullPath);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}

using System.Text.RegularExpressions;

namespace CustomerStream.Streaming.State;

/// <summary>
/// A state store of a topology: its name and kind. Every task gets its own partition of each store.
/// Create one with <see cref="KeyValueStoreDefinition{TKey,TValue}"/>.
/// </summary>
public abstract partial class StoreDefinition
{
    private protected StoreDefinition(string name, StoreKind kind)
    {
        if (string.IsNullOrEmpty(name) || !ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Store name '{name}' must be 1-100 characters of letters, digits, '.', '_' or '-'.", nameof(name));
        }

        Name = name;
        Kind = kind;
    }

    /// <summary>The store's name (unique within an application; it is part of changelog record keys and directory names).</summary>
    public string Name { get; }

    /// <summary>Where the store keeps its data.</summary>
    public StoreKind Kind { get; }

    internal abstract ITaskStore CreateTaskStore(IStateStore local);

    internal IStateStore OpenLocal(string taskDirectory) => Kind switch
    {
        StoreKind.InMemory => new InMemoryStateStore(Name),
        StoreKind.RocksDb => RocksDbStateStore.Open(Name, Path.Combine(taskDirectory, Name)),
        _ => throw new InvalidOperationException($"Unknown store kind {Kind}."),
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex ValidName();
}

using System.Collections.Concurrent;
using System.Reflection;
using Avro;
using CustomerStream.Contracts;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>
/// Finds the .NET type of a named schema that a property declared as <c>object</c> (or a base type)
/// must hold, e.g. the branches of a union of records.
/// </summary>
internal static class ContractTypeNames
{
    private static readonly ConcurrentDictionary<Assembly, Type[]> TypesByAssembly = new();

    /// <summary>The Avro full name a type declares with <see cref="AvroContractAttribute"/>, or null when it declares none.</summary>
    public static string? FullNameOf(Type type) => type.GetCustomAttribute<AvroContractAttribute>()?.FullName;

    /// <summary>
    /// The concrete type, assignable to <paramref name="declared"/>, that maps <paramref name="schema"/>:
    /// first by declared full name, then by unqualified type name, searched in the assemblies of the
    /// types involved.
    /// </summary>
    public static Type? Find(NamedSchema schema, Type declared, IEnumerable<Assembly> assemblies)
    {
        var candidates = assemblies
            .Append(declared.Assembly)
            .Where(a => a != typeof(object).Assembly)
            .Distinct()
            .SelectMany(a => TypesByAssembly.GetOrAdd(a, LoadTypes))
            .Where(t => !t.IsAbstract && !t.IsInterface && declared.IsAssignableFrom(t))
            .ToList();
        var byFullName = candidates.Where(t => FullNameOf(t) == schema.Fullname).ToList();
        if (byFullName.Count == 1)
        {
            return byFullName[0];
        }

        var byName = candidates.Where(t => FullNameOf(t) is null && t.Name == schema.Name).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    private static Type[] LoadTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null).ToArray()!;
        }
    }
}

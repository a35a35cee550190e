using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Avro;
using Avro.Reflect;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>How .NET types line up with Avro schemas: field-to-property maps, accessors, collection shapes.</summary>
internal static class ClrTypes
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> PropertyMaps = new();
    private static readonly FieldInfo? NamedSchemaAliases =
        typeof(NamedSchema).GetField("aliases", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>
    /// Properties of <paramref name="type"/> by Avro field name: the name in <see cref="AvroFieldAttribute"/>,
    /// else the property name, else its snake_case form.
    /// </summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PropertiesByFieldName(Type type) =>
        PropertyMaps.GetOrAdd(type, static t =>
        {
            var map = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
            var properties = t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.GetIndexParameters().Length == 0)
                .ToList();
            foreach (var property in properties)
            {
                if (property.GetCustomAttribute<AvroFieldAttribute>()?.FieldName is { Length: > 0 } explicitName)
                {
                    map[explicitName] = property;
                }
            }

            foreach (var property in properties.Where(p => p.GetCustomAttribute<AvroFieldAttribute>()?.FieldName is not { Length: > 0 }))
            {
                map.TryAdd(property.Name, property);
                map.TryAdd(SnakeCase(property.Name), property);
            }

            return map;
        });

    public static PropertyInfo? PropertyFor(Type type, Field field)
    {
        var map = PropertiesByFieldName(type);
        if (map.TryGetValue(field.Name, out var property))
        {
            return property;
        }

        return field.Aliases?.Select(a => map.GetValueOrDefault(a)).FirstOrDefault(p => p is not null);
    }

    public static object Getter(PropertyInfo property) =>
        Delegate.CreateDelegate(
            typeof(Func<,>).MakeGenericType(property.DeclaringType!, property.PropertyType),
            property.GetGetMethod(nonPublic: true)!);

    public static object? Setter(Type recordType, PropertyInfo property)
    {
        var setter = property.GetSetMethod(nonPublic: true);
        if (setter is null)
        {
            return null;
        }

        // Bind through the record type, which may derive from the property's declaring type.
        var target = Expression.Parameter(recordType, "target");
        var value = Expression.Parameter(property.PropertyType, "value");
        var body = Expression.Call(Expression.Convert(target, property.DeclaringType!), setter, value);
        return Expression.Lambda(typeof(Action<,>).MakeGenericType(recordType, property.PropertyType), body, target, value).Compile();
    }

    public static object? Factory(Type type)
    {
        if (type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            return null;
        }

        return Expression.Lambda(typeof(Func<>).MakeGenericType(type), Expression.New(constructor)).Compile();
    }

    public static Type? NullableUnderlying(Type type) => Nullable.GetUnderlyingType(type);

    public static bool AcceptsNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    /// <summary>A type that can hold values of several .NET types (a union of records, say).</summary>
    public static bool IsPolymorphic(Type type) => type == typeof(object) || type.IsAbstract || type.IsInterface;

    /// <summary>Item type of a sequence type (array, list, any <see cref="IEnumerable{T}"/>), never of string.</summary>
    public static Type? ItemType(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return EnumerableInterfaces(type)
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)));
    }

    /// <summary>Value type of a string-keyed dictionary type.</summary>
    public static Type? MapValueType(Type type) =>
        EnumerableInterfaces(type)
            .Select(i => i.GetGenericArguments()[0])
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) && t.GetGenericArguments()[0] == typeof(string))
            .Select(t => t.GetGenericArguments()[1])
            .FirstOrDefault();

    /// <summary>Turns the list a reader filled into the property's collection type.</summary>
    public static Delegate? ListFinisher(Type collectionType, Type itemType)
    {
        var listType = typeof(List<>).MakeGenericType(itemType);
        var list = Expression.Parameter(listType, "list");
        Expression? body = null;
        if (collectionType.IsAssignableFrom(listType))
        {
            body = Expression.Convert(list, collectionType);
        }
        else if (collectionType.IsArray && collectionType.GetElementType() == itemType)
        {
            body = Expression.Call(list, listType.GetMethod(nameof(List<int>.ToArray))!);
        }
        else if (collectionType.GetConstructor([typeof(IEnumerable<>).MakeGenericType(itemType)]) is { } fromSequence)
        {
            body = Expression.New(fromSequence, list);
        }

        return body is null
            ? null
            : Expression.Lambda(typeof(Func<,>).MakeGenericType(listType, collectionType), body, list).Compile();
    }

    /// <summary>Turns the dictionary a reader filled into the property's map type.</summary>
    public static Delegate? MapFinisher(Type mapType, Type valueType)
    {
        var dictionaryType = typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType);
        var dictionary = Expression.Parameter(dictionaryType, "map");
        Expression? body = null;
        if (mapType.IsAssignableFrom(dictionaryType))
        {
            body = Expression.Convert(dictionary, mapType);
        }
        else if (mapType.GetConstructor([typeof(IDictionary<,>).MakeGenericType(typeof(string), valueType)]) is { } fromDictionary)
        {
            body = Expression.New(fromDictionary, dictionary);
        }

        return body is null
            ? null
            : Expression.Lambda(typeof(Func<,>).MakeGenericType(dictionaryType, mapType), body, dictionary).Compile();
    }

    /// <summary>Aliases of a named schema. Apache.Avro keeps them in a non-public field; without it, none.</summary>
    public static IEnumerable<string> Aliases(NamedSchema schema) =>
        NamedSchemaAliases?.GetValue(schema) is IEnumerable<SchemaName> names ? names.Select(n => n.Fullname) : [];

    /// <summary>Avro's name matching for records, enums and fixed: same unqualified name, or a reader alias.</summary>
    public static bool NamesMatch(NamedSchema reader, NamedSchema writer) =>
        reader.Name == writer.Name
        || Aliases(reader).Any(a => a == writer.Fullname || a == writer.Name);

    /// <summary>Whether the .NET type is the mapping of a named schema, for choosing a union branch by runtime type.</summary>
    public static bool IsMappingOf(Type type, NamedSchema schema) =>
        ContractTypeNames.FullNameOf(type) is { } fullName ? fullName == schema.Fullname : type.Name == schema.Name;

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<Type> EnumerableInterfaces(Type type) =>
        (type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
}

using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry;

/// <summary>
/// Confluent's <see cref="SchemaRegistryConfig"/> from a configuration section (<c>SchemaRegistry</c>), checked
/// before a client is made, so that Confluent Cloud or an on-premises registry is a change of configuration:
/// <c>SchemaRegistry:Url</c>, <c>SchemaRegistry:BasicAuthUserInfo</c>, <c>SchemaRegistry:SslCaLocation</c>, …
/// (the property names of <see cref="SchemaRegistryConfig"/>), or Confluent's own keys as written in their
/// documentation (<c>SchemaRegistry:schema.registry.basic.auth.user.info</c>).
/// </summary>
public static class SchemaRegistrySettings
{
    /// <summary>The configuration section every service reads.</summary>
    public const string SectionName = "SchemaRegistry";

    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(SchemaRegistryConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<ObsoleteAttribute>() is null)
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting name accepted besides Confluent's dotted keys, for messages and docs.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = Properties.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Copies <paramref name="section"/> into <paramref name="config"/> (a new one when null). A key with a dot is
    /// taken as Confluent's own (<c>schema.registry.…</c>); any other must name a property of <see cref="SchemaRegistryConfig"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">A key is unknown or a value does not parse; the message names them.</exception>
    public static SchemaRegistryConfig Bind(IConfiguration section, SchemaRegistryConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        config ??= new SchemaRegistryConfig();
        var failures = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null)
            {
                continue;
            }

            if (child.Key.Contains('.', StringComparison.Ordinal))
            {
                config.Set(child.Key, child.Value);
                continue;
            }

            if (!Properties.TryGetValue(child.Key, out var property))
            {
                failures.Add($"{SectionName}:{child.Key} is not a setting of Confluent's Schema Registry client (known: {string.Join(", ", SettingNames)}).");
                continue;
            }

            if (Parse(child.Value, property.PropertyType) is { } value)
            {
                property.SetValue(config, value);
            }
            else
            {
                failures.Add($"{SectionName}:{child.Key} = '{child.Value}' is not a valid {Describe(property.PropertyType)}.");
            }
        }

        return failures.Count == 0 ? config : throw new OptionsValidationException(Options.DefaultName, typeof(SchemaRegistryConfig), failures);
    }

    /// <summary>
    /// What is wrong with <paramref name="config"/>, one line each (empty when a client can be made from it): the
    /// URLs, the retry and timeout figures, basic-auth user info, and whatever Confluent's client itself refuses
    /// (unknown <c>schema.registry.*</c> keys, unreadable certificates, …).
    /// </summary>
    public static IReadOnlyList<string> Validate(SchemaRegistryConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var failures = new List<string>();
        var urls = (config.Url ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            failures.Add($"{SectionName}:Url is required: the registry's base URL, e.g. http://127.0.0.1:8081 (several may be given, comma-separated).");
        }

        failures.AddRange(urls
            .Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            .Select(u => $"{SectionName}:Url: '{u}' is not an absolute http(s) URL."));
        if (config.MaxRetries is < 1)
        {
            failures.Add($"{SectionName}:MaxRetries is the number of attempts per request in Confluent's client and must be at least 1.");
        }

        if (config.RequestTimeoutMs is <= 0 || config.RetriesWaitMs is < 0 || config.RetriesMaxWaitMs is < 0)
        {
            failures.Add($"{SectionName}:RequestTimeoutMs must be positive, RetriesWaitMs and RetriesMaxWaitMs not negative.");
        }

        if (config.BasicAuthUserInfo is { Length: > 0 } userInfo && !userInfo.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{SectionName}:BasicAuthUserInfo must be 'user:password' (for Confluent Cloud: 'API key:API secret').");
        }

        if (failures.Count == 0)
        {
            try
            {
                using var probe = new CachedSchemaRegistryClient(config);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or CryptographicException or InvalidOperationException)
            {
                failures.Add($"{SectionName}: {e.Message}");
            }
        }

        return failures;
    }

    /// <summary>Confluent's caching client for <paramref name="config"/>, after <see cref="Validate"/>.</summary>
    /// <exception cref="OptionsValidationException">The configuration is invalid; the message says what to fix.</exception>
    public static CachedSchemaRegistryClient CreateClient(SchemaRegistryConfig config)
    {
        var failures = Validate(config);
        return failures.Count == 0
            ? new CachedSchemaRegistryClient(config)
            : throw new OptionsValidationException(Options.DefaultName, typeof(SchemaRegistryConfig), failures);
    }

    /// <summary>Confluent's caching client for the registry at <paramref name="url"/>, with Confluent's defaults otherwise.</summary>
    public static CachedSchemaRegistryClient CreateClient(string url) => CreateClient(new SchemaRegistryConfig { Url = url });

    private static object? Parse(string text, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return text;
        }

        if (target == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        if (target == typeof(bool))
        {
            return bool.TryParse(text, out var flag) ? flag : null;
        }

        return target.IsEnum && Enum.TryParse(target, text, ignoreCase: true, out var member) && Enum.IsDefined(target, member!) ? member : null;
    }

    private static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsEnum ? $"value ({string.Join(", ", Enum.GetNames(target))})" : target == typeof(int) ? "integer" : target == typeof(bool) ? "boolean (true/false)" : target.Name;
    }
}

using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.Identity.Domain;

/// <summary>
/// How the identity graph's nodes are stored: the project's state encoding (a version byte, then Avro binary with
/// the schemas in <c>Domain/Schemas</c>, one file per node kind and released version).
/// </summary>
internal static class IdentityStateEncoding
{
    public static VersionedAvroEncoding<IdentifierNode> Identifier { get; } = Load<IdentifierNode>("IdentifierNode", 1);

    public static VersionedAvroEncoding<ClusterNode> Cluster { get; } = Load<ClusterNode>("ClusterNode", 1);

    public static VersionedAvroEncoding<EntityVersion> Version { get; } = Load<EntityVersion>("EntityVersion", 1);

    public static VersionedAvroEncoding<WebEventNode> WebEvent { get; } = Load<WebEventNode>("WebEventNode", 1);

    public static VersionedAvroEncoding<WeakNode> Weak { get; } = Load<WeakNode>("WeakNode", 1);

    private static VersionedAvroEncoding<T> Load<T>(string name, int releasedVersions)
    {
        var schemas = new string[releasedVersions];
        for (var version = 1; version <= releasedVersions; version++)
        {
            var resource = $"identity-state/customerstream.identity.state.{name}.v{version}.avsc";
            using var stream = typeof(IdentityStateEncoding).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The identity state schema {resource} is not embedded.");
            using var reader = new StreamReader(stream);
            schemas[version - 1] = reader.ReadToEnd();
        }

        return VersionedAvroEncoding<T>.Parse(schemas);
    }
}

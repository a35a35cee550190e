namespace CustomerStream.SchemaRegistry.Server.Storage;

/// <summary>The id a registration got, the version it is, and whether the version is new.</summary>
internal sealed record RegistrationOutcome(int SchemaId, int Version, bool Created);

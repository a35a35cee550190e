namespace CustomerStream.SchemaRegistry.Server.Storage;

/// <summary>One version of a subject as stored.</summary>
internal sealed record StoredVersion(string Subject, int Version, int SchemaId, string SchemaText, bool Deleted);

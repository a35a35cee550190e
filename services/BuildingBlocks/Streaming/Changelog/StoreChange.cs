namespace CustomerStream.Streaming.Changelog;

/// <summary>One key of one store changed by a batch: its new value, or null when it was deleted.</summary>
internal sealed record StoreChange(string Store, byte[] Key, byte[]? Value);

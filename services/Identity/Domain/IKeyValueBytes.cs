namespace CustomerStream.Identity.Domain;

/// <summary>The byte-level key-value store the identity graph is kept in (a state store of the streaming runtime).</summary>
public interface IKeyValueBytes
{
    byte[]? Get(string key);

    void Put(string key, byte[] value);

    void Delete(string key);
}

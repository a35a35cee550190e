using System.Security.Cryptography;
using System.Text;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// The secret key of the pseudonyms that BI reads instead of e-mail addresses: HMAC-SHA256 (RFC 2104), so a
/// pseudonym is the same for the same address (it joins) and cannot be computed, nor reversed by hashing a list
/// of candidate addresses, without the key. The database computes the pseudonyms (Sql/settings.sql) from the
/// key's inner and outer pads, which <see cref="MartSchemaMigrator"/> stores privately; this type derives them.
/// </summary>
public sealed class PseudonymKey
{
    /// <summary>Fewest characters a configured key may have (a 256-bit key written as text).</summary>
    public const int MinimumSecretLength = 32;

    private const int BlockSize = 64;
    private readonly byte[] _key;

    private PseudonymKey(byte[] key, string origin)
    {
        // RFC 2104: a key longer than the hash's block is hashed first; the pads are the key XOR 0x36 / 0x5c.
        _key = key.Length > BlockSize ? SHA256.HashData(key) : key;
        Origin = origin;
        var block = new byte[BlockSize];
        _key.CopyTo(block, 0);
        InnerPad = block.Select(b => (byte)(b ^ 0x36)).ToArray();
        OuterPad = block.Select(b => (byte)(b ^ 0x5c)).ToArray();
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData([.. OuterPad, .. InnerPad]))[..16];
    }

    /// <summary><c>configured</c> (from <see cref="ProjectionOptions.PseudonymKey"/>) or <c>generated</c>.</summary>
    public string Origin { get; }

    /// <summary>The key XOR 0x36, 64 bytes.</summary>
    public byte[] InnerPad { get; }

    /// <summary>The key XOR 0x5c, 64 bytes.</summary>
    public byte[] OuterPad { get; }

    /// <summary>Tells keys apart (a prefix of a hash of the pads) without revealing them.</summary>
    public string Fingerprint { get; }

    /// <summary>The key given in configuration (UTF-8 bytes of the text).</summary>
    public static PseudonymKey FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new PseudonymKey(Encoding.UTF8.GetBytes(secret), "configured");
    }

    /// <summary>A random 256-bit key, for a database whose configuration names none.</summary>
    public static PseudonymKey Generate() => new(RandomNumberGenerator.GetBytes(32), "generated");

    /// <summary>The pseudonym of <paramref name="value"/>: HMAC-SHA256 in lower-case hex, as the database computes it.</summary>
    public string Pseudonymize(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)));
}

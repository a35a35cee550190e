using System.Security.Cryptography;
using System.Text;

namespace CustomerStream.Contracts.Primitives;

/// <summary>
/// The stable, opaque ID of a stitched customer (or anonymous profile): <c>c360_</c> followed by 20
/// base-32 characters. It is derived deterministically from one identifier of the customer (the one
/// acquired earliest, ties broken by the smaller derived ID), so the same input data gives the same
/// IDs whatever order it arrives in.
/// </summary>
public readonly record struct Customer360Id(string Value) : IComparable<Customer360Id>
{
    /// <summary>What every Customer360 ID starts with.</summary>
    public const string Prefix = "c360_";
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base 32, lower-case

    /// <summary>The ID a customer gets when <paramref name="identifier"/> is its anchor identifier.</summary>
    public static Customer360Id From(Identifier identifier)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(identifier.Value), hash);
        Span<char> chars = stackalloc char[Prefix.Length + 20];
        Prefix.AsSpan().CopyTo(chars);
        // 20 characters x 5 bits = 100 bits of the hash.
        for (var i = 0; i < 20; i++)
        {
            var bit = i * 5;
            var word = (hash[bit / 8] << 8) | hash[(bit / 8) + 1];
            chars[Prefix.Length + i] = Alphabet[(word >> (11 - (bit % 8))) & 31];
        }

        return new Customer360Id(new string(chars));
    }

    public static bool IsWellFormed(string? text) =>
        text is { Length: 25 } && text.StartsWith(Prefix, StringComparison.Ordinal) && text.AsSpan(Prefix.Length).IndexOfAnyExcept(Alphabet) < 0;

    public int CompareTo(Customer360Id other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value ?? "";
}

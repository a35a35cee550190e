using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Ingest.Erasure;

/// <summary>
/// Turns what a requester names (a Customer360 ID, an e-mail address or a <c>source:id</c> identifier) into the
/// subject of an erasure request: a Customer360 ID. An identifier is normalized the way the identity service
/// normalizes it and replaced by the ID it derives (<see cref="Customer360Id.From"/>, a SHA-256 of it), so the
/// ledger never holds the identifier itself.
/// </summary>
public static class ErasureSubject
{
    /// <summary>The subject and its kind (<see cref="ErasureRequest.CustomerIdKind"/> or <see cref="ErasureRequest.IdentifierKind"/>).</summary>
    /// <exception cref="FormatException">Not a Customer360 ID, e-mail address or <c>source:id</c>.</exception>
    public static (string Subject, string Kind) Parse(string text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            throw new FormatException("Name the person to forget: a Customer360 ID, an e-mail address or an identifier such as crm:123.");
        }

        if (value.StartsWith(Customer360Id.Prefix, StringComparison.Ordinal) && !value.Contains(':', StringComparison.Ordinal))
        {
            return (value, ErasureRequest.CustomerIdKind);
        }

        Identifier identifier;
        if (!value.Contains(':', StringComparison.Ordinal))
        {
            if (!value.Contains('@', StringComparison.Ordinal))
            {
                throw new FormatException($"'{Shorten(value)}' is neither a Customer360 ID ({Customer360Id.Prefix}…), an e-mail address nor an identifier such as crm:123.");
            }

            identifier = Identifier.Email(value.ToLowerInvariant());
        }
        else
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var ns = value[..colon].Trim().ToLowerInvariant();
            var id = value[(colon + 1)..];
            if (ns.Length == 0 || string.IsNullOrWhiteSpace(id))
            {
                throw new FormatException($"'{Shorten(value)}' has an empty source or id; write it as source:id, e.g. crm:123.");
            }

            identifier = ns switch
            {
                "email" => Identifier.Email(id.Trim().ToLowerInvariant()),
                "device" or "cookie" => throw new FormatException("Devices and cookies are not a person: name the person by a Customer360 ID, an e-mail address or a source:id."),
                _ => Identifier.SourceId(ns, id),
            };
        }

        return (Customer360Id.From(identifier).Value, ErasureRequest.IdentifierKind);
    }

    // An error message must not repeat a long input (it may be someone's data pasted by mistake).
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

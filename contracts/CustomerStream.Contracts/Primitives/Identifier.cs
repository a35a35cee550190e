namespace CustomerStream.Contracts.Primitives;

/// <summary>
/// A namespaced identifier of a person: <c>email:ann@example.com</c>, <c>crm:123</c>,
/// <c>device:d-9</c>, <c>cookie:k-1</c>. The namespace before the first colon is the kind
/// (<c>email</c>, <c>device</c>, <c>cookie</c>) or the lower-case source system of a source id.
/// </summary>
public readonly record struct Identifier
{
    /// <summary>Namespaces that are kinds, not source systems; no source system may take these names.</summary>
    public static readonly IReadOnlySet<string> ReservedNamespaces = new HashSet<string>(StringComparer.Ordinal) { "email", "device", "cookie" };

    private Identifier(string value, IdentifierKind kind, int colon)
    {
        Value = value;
        Kind = kind;
        _colon = colon;
    }

    private readonly int _colon;

    /// <summary>The canonical text, e.g. <c>email:ann@example.com</c>.</summary>
    public string Value { get; }

    public IdentifierKind Kind { get; }

    /// <summary>Strong identifiers (e-mail, source customer id) define a customer; weak ones never merge two.</summary>
    public bool IsStrong => Kind is IdentifierKind.Email or IdentifierKind.SourceId;

    /// <summary>The namespace: <c>email</c>, <c>device</c>, <c>cookie</c>, or the source system.</summary>
    public string Namespace => Value[.._colon];

    /// <summary>The part after the namespace.</summary>
    public string LocalPart => Value[(_colon + 1)..];

    /// <summary>An e-mail identifier from an already normalized (trimmed, lower-case, valid) address.</summary>
    public static Identifier Email(string normalizedEmail) => Create("email", normalizedEmail, IdentifierKind.Email);

    /// <summary>A source customer id, e.g. <c>SourceId("crm", "123")</c> → <c>crm:123</c>.</summary>
    public static Identifier SourceId(string sourceSystem, string customerId)
    {
        var source = sourceSystem.Trim().ToLowerInvariant();
        if (ReservedNamespaces.Contains(source))
        {
            throw new ArgumentException($"'{source}' is reserved and cannot be a source system name", nameof(sourceSystem));
        }

        return Create(source, customerId.Trim(), IdentifierKind.SourceId);
    }

    public static Identifier Device(string deviceId) => Create("device", deviceId.Trim(), IdentifierKind.Device);

    public static Identifier Cookie(string cookieId) => Create("cookie", cookieId.Trim(), IdentifierKind.Cookie);

    /// <summary>Parses the canonical text form.</summary>
    public static Identifier Parse(string text)
    {
        if (!TryParse(text, out var identifier))
        {
            throw new FormatException($"'{text}' is not an identifier (expected <namespace>:<value>)");
        }

        return identifier;
    }

    public static bool TryParse(string? text, out Identifier identifier)
    {
        identifier = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var kind = text[..colon] switch
        {
            "email" => IdentifierKind.Email,
            "device" => IdentifierKind.Device,
            "cookie" => IdentifierKind.Cookie,
            _ => IdentifierKind.SourceId,
        };
        identifier = new Identifier(text, kind, colon);
        return true;
    }

    public override string ToString() => Value ?? "";

    private static Identifier Create(string ns, string local, IdentifierKind kind)
    {
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(local))
        {
            throw new ArgumentException($"An identifier needs a namespace and a value (got '{ns}:{local}')");
        }

        return new Identifier($"{ns}:{local}", kind, ns.Length);
    }
}

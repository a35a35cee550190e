namespace CustomerStream.Contracts.Primitives;

/// <summary>What an identifier names. Email and source ids are strong (they define a customer); device and cookie are weak.</summary>
public enum IdentifierKind
{
    /// <summary><c>email:&lt;normalized e-mail&gt;</c>.</summary>
    Email,

    /// <summary><c>&lt;source&gt;:&lt;customer id&gt;</c>, e.g. <c>crm:123</c>, <c>shop:u-77</c>.</summary>
    SourceId,

    /// <summary><c>device:&lt;id&gt;</c>.</summary>
    Device,

    /// <summary><c>cookie:&lt;id&gt;</c>.</summary>
    Cookie,
}

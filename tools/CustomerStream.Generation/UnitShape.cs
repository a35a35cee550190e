namespace CustomerStream.Generation;

/// <summary>What a unit of the sample holds.</summary>
internal enum UnitShape
{
    /// <summary>One person.</summary>
    Single,

    /// <summary>Two people who share a device (and its cookie) and both log in on it.</summary>
    Household,

    /// <summary>Two different people whose CRM records carry the same malformed e-mail.</summary>
    SharedMalformedEmail,
}

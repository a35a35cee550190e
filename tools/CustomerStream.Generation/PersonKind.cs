namespace CustomerStream.Generation;

/// <summary>Where a person of the sample is known.</summary>
internal enum PersonKind
{
    CrmOnly,
    ShopOnly,

    /// <summary>CRM and shop records with the same e-mail (written differently).</summary>
    BothSameEmail,

    /// <summary>A CRM record without e-mail and a shop record with one, linked by a CRM order that carries both the CRM id and the e-mail.</summary>
    BothLinkedById,

    /// <summary>Only guest checkouts in the shop, linked by e-mail alone.</summary>
    GuestOnly,

    /// <summary>A CRM record with a malformed e-mail.</summary>
    CrmMalformedEmail,

    /// <summary>A CRM record and a shop record with different e-mails and nothing linking them: two customers by the contract.</summary>
    TwoAddresses,
}

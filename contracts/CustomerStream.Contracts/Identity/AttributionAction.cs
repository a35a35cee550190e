namespace CustomerStream.Contracts.Identity;

/// <summary>Whether a web event is given to (APPLY) or taken from (RETRACT) a customer.</summary>
public enum AttributionAction
{
    APPLY,
    RETRACT,
}

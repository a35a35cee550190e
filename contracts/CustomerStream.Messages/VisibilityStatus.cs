using System.Text.Json.Serialization;

namespace CustomerStream.Messages;

/// <summary>
/// Whether a stitched profile counts as a customer, decided in this order: <see cref="Anonymous"/> (no strong
/// identifier), <see cref="Test"/>, <see cref="Deleted"/> (deleted at every source), else <see cref="Visible"/>.
/// "How many customers" counts <see cref="Visible"/>. Written as its name in JSON.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<VisibilityStatus>))]
public enum VisibilityStatus
{
    Visible,
    Test,
    Deleted,
    Anonymous,
}

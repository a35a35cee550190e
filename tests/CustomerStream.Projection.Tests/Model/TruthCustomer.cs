using CustomerStream.Contracts.Customer;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>One customer of the ground truth.</summary>
public sealed class TruthCustomer
{
    public string Id { get; set; } = "";
    public VisibilityStatus Visibility { get; set; }
    public DateTime? AcquisitionTs { get; set; }
    public string? AcquisitionSource { get; set; }
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Country { get; set; }
    public string? City { get; set; }
    public List<string> Identifiers { get; set; } = [];
    public List<TruthOrder> Orders { get; } = [];

    /// <summary>Web sessions and page views per month start.</summary>
    public Dictionary<DateOnly, (long Sessions, long PageViews)> Web { get; } = [];
}

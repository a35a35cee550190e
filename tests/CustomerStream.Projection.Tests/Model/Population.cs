using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>The ground truth a test starts from: customers as they finally are, with every order's final version.</summary>
public sealed class Population
{
    public List<TruthCustomer> Customers { get; } = [];

    /// <summary>Customers that were merged away: loser id → survivor id.</summary>
    public Dictionary<string, string> Merged { get; } = new(StringComparer.Ordinal);

    public static Population Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var population = new Population();
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const int spanDays = 910; // to mid 2025
        string[] units = ["retail", "online", "wholesale"];
        for (var i = 0; i < customers; i++)
        {
            var roll = random.NextDouble();
            var visibility = roll switch
            {
                < 0.78 => VisibilityStatus.VISIBLE,
                < 0.84 => VisibilityStatus.TEST,
                < 0.90 => VisibilityStatus.DELETED,
                _ => VisibilityStatus.ANONYMOUS,
            };
            var anonymous = visibility == VisibilityStatus.ANONYMOUS;
            var source = random.Next(3) switch { 0 => "crm", 1 => "shop", _ => "pos" };
            var anchor = anonymous ? Identifier.Device($"d-{seed}-{i}") : Identifier.SourceId(source, $"{seed}-{i}");
            var created = start.AddDays(random.Next(spanDays)).AddSeconds(random.Next(86_400));
            var customer = new TruthCustomer
            {
                Id = Customer360Id.From(anchor).Value,
                Visibility = visibility,
                AcquisitionTs = anonymous ? null : created,
                AcquisitionSource = anonymous ? null : source,
                Email = anonymous ? null : $"person{i}@example{seed}.com",
                FirstName = anonymous ? null : $"First{i}",
                LastName = anonymous ? null : $"Last{i}",
                Country = anonymous ? null : (random.Next(2) == 0 ? "DE" : "FR"),
                City = anonymous ? null : "Town",
                Identifiers = anonymous ? [anchor.Value] : [anchor.Value, $"email:person{i}@example{seed}.com"],
            };

            var orders = anonymous ? 0 : random.Next(0, 14);
            for (var o = 0; o < orders; o++)
            {
                var ts = created.AddDays(random.Next(0, Math.Max(1, spanDays - (int)(created - start).TotalDays))).AddSeconds(random.Next(86_400));
                var statusRoll = random.NextDouble();
                var status = statusRoll switch
                {
                    < 0.75 => OrderStatus.APPROVED,
                    < 0.85 => OrderStatus.REFUNDED,
                    < 0.92 => OrderStatus.PENDING,
                    < 0.96 => OrderStatus.DECLINED,
                    _ => OrderStatus.CANCELLED,
                };
                customer.Orders.Add(new TruthOrder(
                    source, $"o-{seed}-{i}-{o}", ts, ts.AddHours(random.Next(1, 200)), status,
                    // Some equal amounts, so that ties are exercised.
                    random.Next(10) == 0 ? 50m : Math.Round((decimal)(random.NextDouble() * 800 + 5), 2),
                    units[random.Next(units.Length)], random.Next(3) == 0 ? null : "books"));
            }

            var webMonths = random.Next(0, 4);
            for (var w = 0; w < webMonths; w++)
            {
                var month = Period.Of(Contracts.Aggregate.Grain.MONTH, start.AddDays(random.Next(spanDays))).Start;
                customer.Web[month] = (random.Next(1, 6), random.Next(1, 30));
            }

            population.Customers.Add(customer);
        }

        return population;
    }
}

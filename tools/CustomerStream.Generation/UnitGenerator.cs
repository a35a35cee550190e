using System.Globalization;
using System.Text;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Generation;

/// <summary>
/// Builds the records of one unit of the sample from the unit's own random stream: the people, their
/// customer-master versions, orders with later versions, web sessions, re-sends, late rows and, now and
/// then, a bad line. Every identifier carries the unit index, so no two units share one. The web part (sessions,
/// anonymous visits, shared devices) is in <c>UnitGenerator.Web.cs</c>.
/// </summary>
internal sealed partial class UnitGenerator(SampleCalendar calendar, int seed)
{
    private const double DuplicateRate = 0.175;
    private const double LateRate = 0.02;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public SampleUnit Build(int unitIndex, UnitShape shape)
    {
        var random = SampleRandom.For(seed, 1, unitIndex);
        var unit = new SampleUnit();
        var counter = 0;
        var people = shape == UnitShape.Single ? [NewPerson(random, unitIndex, 0, null)] : new[]
        {
            NewPerson(random, unitIndex, 0, shape),
            NewPerson(random, unitIndex, 1, shape),
        };

        foreach (var person in people)
        {
            AddMasters(random, unit, person);
            AddOrders(random, unit, person, ref counter);
            if (person.WebUser)
            {
                AddWeb(random, unit, person, ref counter);
            }
        }

        if (shape == UnitShape.Household)
        {
            AddSharedDevice(random, unit, people[0], people[1], ref counter);
        }

        if (unitIndex % 10 == 9)
        {
            AddAnonymousVisitor(random, unit, unitIndex, ref counter);
        }

        AddResends(random, unit);
        if (random.Chance(0.003))
        {
            unit.AddBad(BadRows.Make(random.Next(BadRows.KindCount), unitIndex, random), random.Next(calendar.Months));
        }

        return unit;
    }

    private Person NewPerson(SampleRandom random, int unitIndex, int k, UnitShape? shape)
    {
        var first = random.Pick(SampleNames.FirstNames);
        var last = unitIndex % 500 == 7 && k == 0 ? "'); DROP TABLE customers;--" : random.Pick(SampleNames.LastNames);
        var domain = random.Pick(SampleNames.MailDomains);
        var email = $"{Fold(first)}.{Fold(last)}.{unitIndex}{(k == 0 ? "" : "b")}@{domain}";
        var kind = shape switch
        {
            UnitShape.Household => PersonKind.ShopOnly,
            UnitShape.SharedMalformedEmail => PersonKind.CrmMalformedEmail,
            _ => random.NextDouble() switch
            {
                < 0.20 => PersonKind.CrmOnly,
                < 0.48 => PersonKind.ShopOnly,
                < 0.72 => PersonKind.BothSameEmail,
                < 0.77 => PersonKind.BothLinkedById,
                < 0.85 => PersonKind.GuestOnly,
                < 0.89 => PersonKind.CrmMalformedEmail,
                < 0.92 => PersonKind.TwoAddresses,
                _ => PersonKind.ShopOnly,
            },
        };
        var person = new Person
        {
            Unit = unitIndex,
            K = k,
            First = first,
            Last = last,
            Email = email,
            SecondEmail = $"{Fold(first)}{unitIndex}{k}@work.{domain}",
            MalformedEmail = shape == UnitShape.SharedMalformedEmail
                ? $"customer.service@{unitIndex}"
                : string.Format(Invariant, random.Pick(SampleNames.MalformedEmailShapes), $"{Fold(first)}.{unitIndex}"),
            Kind = kind,
            Test = random.Chance(0.02),
            DeletedEverywhere = random.Chance(0.025),
            DeletedCrmOnly = kind == PersonKind.BothSameEmail && random.Chance(0.08),
            Inactive = random.Chance(0.05),
            CrmId = $"C{unitIndex:D7}{k}",
            ShopId = $"u-{unitIndex}-{k}",
            OrderRate = random.Chance(0.15) ? 0 : 0.15 + (random.NextDouble() * 0.9),
            WebUser = shape == UnitShape.Household || (kind switch
            {
                PersonKind.ShopOnly => random.Chance(0.6),
                PersonKind.BothSameEmail => random.Chance(0.4),
                PersonKind.BothLinkedById or PersonKind.TwoAddresses => random.Chance(0.3),
                _ => false,
            }),
            SessionRate = 0.3 + random.NextDouble(),
            CountryIndex = random.Next(SampleNames.Countries.Length),
        };
        person.ActiveFrom = 0;
        person.ActiveTo = random.Chance(0.3) ? random.Next(calendar.Months) : calendar.Months - 1;
        return person;
    }

    // ---- customer master ----------------------------------------------------------------------------

    private void AddMasters(SampleRandom random, SampleUnit unit, Person person)
    {
        if (person.HasCrm)
        {
            (string Text, string? Normalized) email = person.Kind switch
            {
                PersonKind.CrmMalformedEmail => (person.MalformedEmail, null),
                PersonKind.BothLinkedById => ("", null),
                PersonKind.TwoAddresses => (EmailVariant(random, person.SecondEmail), person.SecondEmail),
                _ => (EmailVariant(random, person.Email), person.Email),
            };
            var created = StampFactory.Crm(random, CalendarBetween(random, calendar.Start.AddMonths(-18), calendar.End.AddMonths(-2)));
            person.CrmCreated = created.Utc;
            AddVersions(random, unit, person, "crm", person.CrmId, email.Text, email.Normalized, created,
                deleted: person.DeletedEverywhere || person.DeletedCrmOnly, stamp: t => StampFactory.Crm(random, t, allowDateOnly: false));
        }

        if (person.HasShop)
        {
            var email = (Text: EmailVariant(random, person.Email), Normalized: person.Email);
            var createdAt = CalendarBetween(random, calendar.Start.AddMonths(-12), calendar.End.AddMonths(-2));
            var created = random.Chance(0.5) ? StampFactory.ShopIso(random, createdAt) : StampFactory.ShopDate(random, createdAt);
            person.ShopCreated = created.Utc;
            AddVersions(random, unit, person, "shop", person.ShopId, email.Text, email.Normalized, created,
                deleted: person.DeletedEverywhere, stamp: t => StampFactory.ShopIso(random, t));
        }
    }

    private void AddVersions(
        SampleRandom random, SampleUnit unit, Person person, string source, string id, string emailText, string? email, Stamp created, bool deleted, Func<DateTime, Stamp> stamp)
    {
        var country = SampleNames.Countries[person.CountryIndex];
        var version = new MasterVersion
        {
            Source = source,
            CustomerId = id,
            EmailText = emailText,
            Email = email,
            FirstName = person.First,
            LastName = person.Last,
            Phone = $"+{1 + random.Next(49)} {random.Next(100, 999)} {random.Next(1000, 9999)}",
            CountryText = country.Text,
            City = random.Pick(SampleNames.Cities),
            Created = created,
            Updated = random.Chance(0.5) ? null : stamp(created.Utc.AddMinutes(random.Next(1, 60 * 24 * 3))),
            StatusText = person.Inactive && random.Chance(0.5) ? Cased(random, "inactive") : Cased(random, "active"),
            Status = CustomerStatus.ACTIVE,
            IsTestText = person.Test ? random.Pick(["yes", "1", "TRUE", "true", "Yes"]) : random.Pick(["", "", "no", "0", "false", "FALSE"]),
            IsTest = person.Test,
            Notes = source == "crm" && random.Chance(0.1) ? random.Pick(["prefers \"e-mail\", not phone", "VIP, call back\nsecond line", "moved; see ticket 42"]) : "",
        };
        version = version with { Status = Status(version.StatusText) };
        unit.Add(version, calendar.ChunkOf(version.Version));

        // Later versions: an update (city, e-mail spelling, status), then possibly the deletion.
        var last = version;
        if (random.Chance(0.3))
        {
            var at = CalendarBetween(random, Max(last.Version.AddDays(20), calendar.Start), calendar.End.AddDays(-3));
            if (at > last.Version.AddDays(1))
            {
                last = last with
                {
                    City = random.Pick(SampleNames.Cities),
                    EmailText = email is null ? last.EmailText : EmailVariant(random, email),
                    Updated = stamp(at),
                    StatusText = person.Inactive ? Cased(random, "inactive") : last.StatusText,
                    Status = person.Inactive ? CustomerStatus.INACTIVE : last.Status,
                    Notes = "",
                };
                unit.Add(last, calendar.ChunkOf(last.Version));
            }
        }

        if (deleted)
        {
            var at = CalendarBetween(random, Max(last.Version.AddDays(10), calendar.Start.AddMonths(calendar.Months / 2)), calendar.End.AddDays(-2));
            if (at <= last.Version.AddHours(1))
            {
                at = last.Version.AddDays(1);
            }

            last = last with { Updated = stamp(at), StatusText = Cased(random, "deleted"), Status = CustomerStatus.DELETED, Notes = "" };
            unit.Add(last, calendar.ChunkOf(last.Version));
        }
    }

    // ---- orders -----------------------------------------------------------------------------------

    private void AddOrders(SampleRandom random, SampleUnit unit, Person person, ref int counter)
    {
        var linkOrderDone = person.Kind != PersonKind.BothLinkedById;
        for (var month = person.ActiveFrom; month <= person.ActiveTo; month++)
        {
            var count = random.Poisson(person.OrderRate);
            if (!linkOrderDone && month == person.ActiveTo)
            {
                count = Math.Max(count, 1);
            }

            for (var n = 0; n < count; n++)
            {
                var ts = calendar.InstantIn(random, month);
                var channel = Channel(random, person, ref linkOrderDone);
                var accountCreated = channel.CustomerId is null ? DateTime.MinValue : channel.Source == "crm" ? person.CrmCreated : person.ShopCreated;
                if (ts <= accountCreated)
                {
                    continue;
                }

                AddOrder(random, unit, channel, ts, $"{(channel.Source == "crm" ? "CO" : "SO")}-{person.Unit}-{counter++}");
            }
        }
    }

    private (string Source, string? CustomerId, string EmailText, string? Email) Channel(SampleRandom random, Person person, ref bool linkOrderDone)
    {
        string Variant() => EmailVariant(random, person.Email);
        switch (person.Kind)
        {
            case PersonKind.GuestOnly:
                return ("shop", null, Variant(), person.Email);
            case PersonKind.CrmOnly:
                return random.Chance(0.5) ? ("crm", person.CrmId, Variant(), person.Email) : ("crm", person.CrmId, "", null);
            case PersonKind.CrmMalformedEmail:
                return random.Chance(0.5) ? ("crm", person.CrmId, person.MalformedEmail, null) : ("crm", person.CrmId, "", null);
            case PersonKind.BothLinkedById:
                if (!linkOrderDone || random.Chance(0.3))
                {
                    linkOrderDone = true;
                    return ("crm", person.CrmId, Variant(), person.Email);
                }

                return ("shop", person.ShopId, "", null);
            case PersonKind.TwoAddresses:
                return random.Chance(0.3) ? ("crm", person.CrmId, "", null) : ("shop", person.ShopId, "", null);
            case PersonKind.BothSameEmail when random.Chance(0.3):
                return random.Chance(0.5) ? ("crm", person.CrmId, Variant(), person.Email) : ("crm", person.CrmId, "", null);
            default:
                if (random.Chance(0.1))
                {
                    return ("shop", null, Variant(), person.Email); // a guest checkout of a registered customer
                }

                return random.Chance(0.5) ? ("shop", person.ShopId, Variant(), person.Email) : ("shop", person.ShopId, "", null);
        }
    }

    private void AddOrder(SampleRandom random, SampleUnit unit, (string Source, string? CustomerId, string EmailText, string? Email) channel, DateTime ts, string orderId)
    {
        var crm = channel.Source == "crm";
        Stamp Stamp(DateTime t) => crm ? StampFactory.Crm(random, t, allowDateOnly: false) : StampFactory.ShopIso(random, t);
        var orderTs = Stamp(ts);
        var amount = Math.Round(5m + ((decimal)Math.Pow(random.NextDouble(), 2) * 400m), 2);
        var lifecycle = random.NextDouble();
        var (firstStatus, laterStatus) = lifecycle switch
        {
            < 0.72 => ("approved", (string?)null),
            < 0.78 => ("approved", "refunded"),
            < 0.82 => ("approved", "approved"),
            < 0.88 => ("pending", "approved"),
            < 0.91 => ("pending", "declined"),
            < 0.94 => ("pending", random.Chance(0.5) ? "canceled" : "cancelled"),
            < 0.97 => ("declined", null),
            _ => ("pending", null),
        };
        var v1 = new OrderVersion
        {
            Source = channel.Source,
            OrderId = orderId,
            CustomerId = channel.CustomerId,
            EmailText = channel.EmailText,
            Email = channel.EmailText.Length == 0 ? null : channel.Email,
            OrderTs = orderTs,
            Updated = random.Chance(0.5) ? null : Stamp(orderTs.Utc.AddMinutes(random.Next(1, 30))),
            StatusText = Cased(random, firstStatus),
            Status = OrderStatusOf(firstStatus),
            Amount = amount,
            AmountText = AmountText(random, amount),
            CurrencyText = random.Chance(0.9) ? "EUR" : "eur",
            BusinessUnitText = crm ? random.Pick(["", "phone", "retail"]) : random.Pick(["online", "online", ""]),
            Category = random.Pick(SampleNames.Categories),
            ProductId = $"p-{random.Next(1, 500)}",
            QuantityText = random.Chance(0.2) ? "" : random.Next(1, 4).ToString(Invariant),
        };
        var late = random.Chance(LateRate / 2);
        unit.Add(v1, Late(calendar.ChunkOf(v1.Version), late, random));
        if (laterStatus is null)
        {
            return;
        }

        var at = v1.Version.AddDays(random.Next(2, 40)).AddMinutes(random.Next(1, 600));
        var newAmount = firstStatus == "approved" && laterStatus == "approved" ? Math.Round(amount * (0.7m + ((decimal)random.NextDouble() * 0.4m)), 2) : amount;
        if (newAmount == amount && firstStatus == laterStatus)
        {
            newAmount = amount + 1m;
        }

        var v2 = v1 with
        {
            Updated = Stamp(at),
            StatusText = Cased(random, laterStatus),
            Status = OrderStatusOf(laterStatus),
            Amount = newAmount,
            AmountText = AmountText(random, newAmount),
        };
        unit.Add(v2, calendar.ChunkOf(v2.Version));
        if (random.Chance(0.05))
        {
            // The old version arrives again after the new one: a stale exact re-send.
            unit.Resend(unit.Rows.First(r => ReferenceEquals(r.Content, v1)), Math.Min(calendar.ChunkOf(v2.Version) + 1, calendar.Months - 1));
        }
    }

    // ---- re-sends and helpers ----------------------------------------------------------------------

    private void AddResends(SampleRandom random, SampleUnit unit)
    {
        var originals = unit.Rows.Where(r => !r.IsDuplicate).ToList();
        foreach (var row in originals)
        {
            if (random.Chance(DuplicateRate))
            {
                unit.Resend(row, Math.Min(row.Chunk + random.Next(0, 3), calendar.Months - 1));
            }
        }
    }

    private int Late(int chunk, bool late, SampleRandom random) => late ? Math.Min(chunk + random.Next(2, 7), calendar.Months - 1) : chunk;

    private DateTime CalendarBetween(SampleRandom random, DateTime from, DateTime to) => SampleCalendar.Between(random, from, to);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Url(SampleRandom random) =>
        "https://shop.example.com" + string.Format(Invariant, random.Pick(SampleNames.Paths), random.Next(1, 500));

    private static string AmountText(SampleRandom random, decimal amount) =>
        random.Chance(0.7) ? amount.ToString("0.00", Invariant) : amount.ToString("0.##", Invariant);

    private static string Cased(SampleRandom random, string word) => random.Next(4) switch
    {
        0 => word.ToUpperInvariant(),
        1 => char.ToUpperInvariant(word[0]) + word[1..],
        _ => word,
    };

    private static CustomerStatus Status(string text) => text.ToLowerInvariant() switch
    {
        "inactive" => CustomerStatus.INACTIVE,
        "deleted" => CustomerStatus.DELETED,
        _ => CustomerStatus.ACTIVE,
    };

    private static OrderStatus OrderStatusOf(string text) => text.ToLowerInvariant() switch
    {
        "approved" => OrderStatus.APPROVED,
        "pending" => OrderStatus.PENDING,
        "declined" => OrderStatus.DECLINED,
        "refunded" => OrderStatus.REFUNDED,
        _ => OrderStatus.CANCELLED,
    };

    /// <summary>The address as a source might write it: other case, surrounding spaces; it normalizes to <paramref name="email"/>.</summary>
    private static string EmailVariant(SampleRandom random, string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return random.Next(6) switch
        {
            0 => email.ToUpperInvariant(),
            1 => string.Join('.', email[..at].Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) + email[at..],
            2 => $" {email} ",
            3 => email[..at] + email[at..].ToUpperInvariant(),
            _ => email,
        };
    }

    /// <summary>Letters and digits of a name, lower-case: a valid e-mail local part.</summary>
    private static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.Length > 0 ? builder.ToString() : "x";
    }

    private sealed class Person
    {
        public int Unit { get; init; }

        public int K { get; init; }

        public required string First { get; init; }

        public required string Last { get; init; }

        public required string Email { get; init; }

        public required string SecondEmail { get; init; }

        public required string MalformedEmail { get; init; }

        public PersonKind Kind { get; init; }

        public bool Test { get; init; }

        public bool DeletedEverywhere { get; init; }

        public bool DeletedCrmOnly { get; init; }

        public bool Inactive { get; init; }

        public required string CrmId { get; init; }

        public required string ShopId { get; init; }

        public double OrderRate { get; init; }

        public bool WebUser { get; init; }

        public double SessionRate { get; init; }

        public int CountryIndex { get; init; }

        public int ActiveFrom { get; set; }

        public int ActiveTo { get; set; }

        public DateTime CrmCreated { get; set; }

        public DateTime ShopCreated { get; set; }

        public DateTime Signup { get; set; }

        public List<(string Device, string Cookie, bool App)> Devices { get; set; } = [];

        public bool HasCrm => Kind is PersonKind.CrmOnly or PersonKind.BothSameEmail or PersonKind.BothLinkedById or PersonKind.CrmMalformedEmail or PersonKind.TwoAddresses;

        public bool HasShop => Kind is PersonKind.ShopOnly or PersonKind.BothSameEmail or PersonKind.BothLinkedById or PersonKind.TwoAddresses;
    }
}

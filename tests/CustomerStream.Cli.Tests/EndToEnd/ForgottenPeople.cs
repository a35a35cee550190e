using System.Globalization;
using System.Text.RegularExpressions;
using CustomerStream.Generation;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// People of a generated sample to forget, and the sample without their records. The generator builds the sample
/// in units whose identifiers no other unit uses (crm <c>C{unit:D7}{k}</c>, shop <c>u-{unit}-{k}</c>, devices
/// <c>d-{unit}-{k}-n</c>, cookies <c>k-{unit}-{k}-n</c>), so a person alone in a unit (no household sharing a device,
/// no anonymous visitor or anonymous profile) is forgotten by the same rule identity applies — their records, their devices and the
/// anonymous history on them — and the ground truth without them is the ground truth minus their customer.
/// </summary>
internal static partial class ForgottenPeople
{
    /// <summary>Up to <paramref name="count"/> visible customers alone in their unit, those with the most identifiers (merges, aliases) first.</summary>
    public static List<(ExpectedCustomer Customer, int Unit)> Choose(GroundTruth truth, int count)
    {
        var customersPerUnit = truth.Customers.Select(UnitOf).Where(u => u is not null).GroupBy(u => u!.Value).ToDictionary(g => g.Key, g => g.Count());
        var unitsWithVisitors = truth.AnonymousProfiles.SelectMany(p => p.Identifiers).Select(WeakUnit).Where(u => u is not null).Select(u => u!.Value).ToHashSet();
        return truth.Customers
            .Where(c => c.VisibilityStatus == "visible" && c.Months.Count > 0)
            .Select(c => (Customer: c, Unit: UnitOf(c)))
            .Where(c => c.Unit is { } u && customersPerUnit[u] == 1 && !unitsWithVisitors.Contains(u))
            .OrderByDescending(c => c.Customer.Identifiers.Count)
            .ThenBy(c => c.Customer.CustomerId, StringComparer.Ordinal)
            .Take(count)
            .Select(c => (c.Customer, c.Unit!.Value))
            .ToList();
    }

    /// <summary>The ground truth without <paramref name="people"/>.</summary>
    public static GroundTruth Without(GroundTruth truth, IReadOnlyCollection<ExpectedCustomer> people)
    {
        var gone = people.Select(p => p.CustomerId).ToHashSet(StringComparer.Ordinal);
        return truth with
        {
            Customers = truth.Customers.Where(c => !gone.Contains(c.CustomerId)).ToList(),
            Totals = truth.Totals with { Visible = truth.Totals.Visible - people.Count(p => p.VisibilityStatus == "visible") },
        };
    }

    /// <summary>Copies the sample folder without every line that carries one of the people's identifiers, devices or cookies.</summary>
    public static void CopyWithout(string from, string to, IReadOnlyCollection<(ExpectedCustomer Customer, int Unit)> people)
    {
        var tokens = people.SelectMany(p => Tokens(p.Customer, p.Unit)).ToList();
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            if (!file.EndsWith(".csv", StringComparison.Ordinal) && !file.EndsWith(".ndjson", StringComparison.Ordinal))
            {
                File.Copy(file, target);
                continue;
            }

            // Byte for byte but the removed lines (the sample has a line of invalid UTF-8 on purpose).
            var bytes = File.ReadAllBytes(file);
            using var output = File.Create(target);
            var start = 0;
            while (start < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                end = end < 0 ? bytes.Length : end + 1;
                var line = System.Text.Encoding.UTF8.GetString(bytes, start, end - start).ToLowerInvariant();
                if (start == 0 || !tokens.Any(t => line.Contains(t, StringComparison.Ordinal)))
                {
                    output.Write(bytes, start, end - start);
                }

                start = end;
            }
        }
    }

    /// <summary>Lower-case texts only the person's lines contain.</summary>
    public static IEnumerable<string> Tokens(ExpectedCustomer customer, int unit)
    {
        foreach (var identifier in customer.Identifiers)
        {
            var value = identifier[(identifier.IndexOf(':', StringComparison.Ordinal) + 1)..].ToLowerInvariant();
            yield return identifier.StartsWith("email:", StringComparison.Ordinal) ? value : $"{value}";
        }

        foreach (var k in new[] { 0, 1 })
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"d-{unit}-{k}-");
            yield return string.Create(CultureInfo.InvariantCulture, $"k-{unit}-{k}-");
        }
    }

    private static int? UnitOf(ExpectedCustomer customer)
    {
        foreach (var identifier in customer.Identifiers)
        {
            if (Crm().Match(identifier) is { Success: true } crm)
            {
                return int.Parse(crm.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (Shop().Match(identifier) is { Success: true } shop)
            {
                return int.Parse(shop.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static int? WeakUnit(string identifier) =>
        Weak().Match(identifier) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^crm:C(\d{7})\d$")]
    private static partial Regex Crm();

    [GeneratedRegex(@"^shop:u-(\d+)-\d$")]
    private static partial Regex Shop();

    [GeneratedRegex(@"^(?:device:a?d|cookie:a?k)-(\d+)")]
    private static partial Regex Weak();
}

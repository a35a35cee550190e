using CustomerStream.Generation;
using Npgsql;
using System.Text.RegularExpressions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// Where the personal data of a sample ends up: the e-mail addresses of the ground truth's customers and the
/// names and phones of the sample's customer files must appear in no text column of any relation that
/// <c>customerstream_bi</c> reads, and a member of <c>customerstream_bi_pii</c> must read them.
/// </summary>
internal static partial class PersonalDataAssertions
{
    public static async Task OnlyThePiiRoleReadsPersonalDataAsync(string connectionString, string sampleFolder, GroundTruth truth)
    {
        var emails = truth.Customers.SelectMany(c => c.Identifiers).Where(i => i.StartsWith("email:", StringComparison.Ordinal)).Select(i => i[6..]).ToHashSet(StringComparer.Ordinal);
        var known = truth.Customers.SelectMany(c => c.Identifiers).ToHashSet(StringComparer.Ordinal);
        var (names, phones) = NamesAndPhones(sampleFolder, known);
        Assert.True(emails.Count > 50 && names.Count > 20 && phones.Count > 50, $"the sample has {emails.Count} e-mails, {names.Count} names, {phones.Count} phones");

        var bi = new NpgsqlConnectionStringBuilder(connectionString) { Username = "customerstream_bi", Password = "customerstream_bi", Pooling = false }.ConnectionString;
        var (values, leaks) = await ScanAsync(bi, emails, names, phones);
        Assert.True(values > 1000, $"only {values} text values scanned");
        Assert.True(leaks.Count == 0, $"customerstream_bi reads personal data: {string.Join("; ", leaks.Take(10))}");

        // A member of the PII role reads the same relations with the personal data in them.
        var reader = $"cs_pii_{Guid.NewGuid():N}"[..24];
        await using var owner = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(owner, $"CREATE ROLE {reader} LOGIN PASSWORD 'pii' IN ROLE customerstream_bi_pii");
        try
        {
            var pii = new NpgsqlConnectionStringBuilder(connectionString) { Username = reader, Password = "pii", Pooling = false }.ConnectionString;
            var (_, seen) = await ScanAsync(pii, emails, names, phones);
            foreach (var kind in new[] { "e-mail", "name", "phone" })
            {
                Assert.Contains(seen, s => s.StartsWith(kind, StringComparison.Ordinal));
            }

            await using var connection = new NpgsqlConnection(pii);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(DISTINCT identifier) FROM mart.identity_links WHERE identifier = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = emails.Select(e => $"email:{e}").ToArray() });
            Assert.Equal((long)emails.Count, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(owner, $"DROP ROLE {reader}");
        }
    }

    /// <summary>Every text value (and text array element) of every relation in schema mart, as the role of <paramref name="connectionString"/> reads it.</summary>
    private static async Task<(long Values, List<string> Found)> ScanAsync(string connectionString, HashSet<string> emails, HashSet<string> names, HashSet<string> phones)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = await MartTextColumns.ListAsync(connection);

        Assert.Contains(columns, c => c is ("customer_profile", "email", false));
        Assert.Contains(columns, c => c is ("customer_profile", "identifiers", true));
        Assert.Contains(columns, c => c is ("rejected_records", "raw", false));
        long values = 0;
        var found = new List<string>();
        foreach (var (relation, column, isArray) in columns)
        {
            var expression = isArray ? $"unnest(r.{column})" : $"r.{column}";
            await using var command = new NpgsqlCommand($"SELECT DISTINCT v FROM (SELECT {expression} AS v FROM mart.{relation} r) x WHERE v IS NOT NULL", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values++;
                var value = reader.GetString(0);
                var lower = value.ToLowerInvariant();
                found.AddRange(emails.Where(e => lower.Contains(e, StringComparison.Ordinal)).Select(e => $"e-mail {e} in {relation}.{column}"));
                found.AddRange(phones.Where(p => value.Contains(p, StringComparison.Ordinal)).Select(p => $"phone {p} in {relation}.{column}"));
                found.AddRange(Words().Matches(value).Select(m => m.Value).Where(names.Contains).Select(n => $"name {n} in {relation}.{column}: {value}"));
            }
        }

        return (values, found);
    }

    /// <summary>
    /// First and last names (each word of three letters or more) and phones of the customer records of the sample
    /// that belong to a customer of the ground truth (their source customer id is one of its identifiers).
    /// </summary>
    private static (HashSet<string> Names, HashSet<string> Phones) NamesAndPhones(string folder, HashSet<string> known)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in SampleCustomerRow.ReadAll(folder).Where(r => known.Contains(r.SourceIdentifier)))
        {
            // Words of what reads as a name (the sample also has an injection attempt for a last name, whose
            // words such as 'customers' are everywhere in file names).
            foreach (var word in new[] { row.FirstName, row.LastName }.Where(n => NameLike().IsMatch(n)).SelectMany(n => Words().Matches(n)).Select(m => m.Value))
            {
                names.Add(word);
            }

            if (row.Phone.Length >= 6)
            {
                phones.Add(row.Phone);
            }
        }

        return (names, phones);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Words();

    [GeneratedRegex(@"^[\p{L}\s'.,-]+$")]
    private static partial Regex NameLike();
}

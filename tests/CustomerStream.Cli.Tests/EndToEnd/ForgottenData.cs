using CustomerStream.Generation;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The personal data of the forgotten people as the sample's files hold it: e-mail addresses, phones and full names.
/// Before the erasure the PII role reads them in the marts (so the search can find them); after it, no text value
/// of any mart relation holds them, for the BI role or the PII role.
/// </summary>
internal sealed class ForgottenData
{
    private readonly HashSet<string> _emails = new(StringComparer.Ordinal);
    private readonly HashSet<string> _phones = new(StringComparer.Ordinal);
    private readonly HashSet<(string First, string Last)> _names = [];

    public IReadOnlyCollection<string> Emails => _emails;

    public static ForgottenData Of(string sampleFolder, IReadOnlyCollection<(ExpectedCustomer Customer, int Unit)> people)
    {
        var data = new ForgottenData();
        var identifiers = people.SelectMany(p => p.Customer.Identifiers).ToHashSet(StringComparer.Ordinal);
        foreach (var identifier in identifiers.Where(i => i.StartsWith("email:", StringComparison.Ordinal)))
        {
            data._emails.Add(identifier[6..]);
        }

        var othersNames = new HashSet<(string First, string Last)>();
        var othersPhones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in SampleCustomerRow.ReadAll(sampleFolder))
        {
            var theirs = identifiers.Contains(row.SourceIdentifier);
            if (row.Phone.Length >= 6)
            {
                (theirs ? data._phones : othersPhones).Add(row.Phone);
            }

            if (row.FirstName.Length > 0 && row.LastName.Length > 0)
            {
                (theirs ? data._names : othersNames).Add((row.FirstName, row.LastName));
            }
        }

        // A name (or phone) someone else of the sample has too is theirs to keep.
        data._names.ExceptWith(othersNames);
        data._phones.ExceptWith(othersPhones);
        Assert.True(data._emails.Count >= 3 && data._phones.Count >= 2 && data._names.Count >= 2,
            $"the forgotten people have {data._emails.Count} e-mails, {data._phones.Count} phones, {data._names.Count} names in the sample");
        return data;
    }

    /// <summary>The search finds them before the erasure: a member of the PII role reads every e-mail, phone and name.</summary>
    public async Task AssertReadableAsync(string connectionString)
    {
        var found = await WithPiiReaderAsync(connectionString, FindAsync);
        Assert.All(_emails, e => Assert.Contains($"e-mail {e}", found));
        Assert.Contains(found, f => f.StartsWith("phone ", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("name ", StringComparison.Ordinal));
    }

    /// <summary>No text value of any mart relation holds them, for either BI role.</summary>
    public async Task AssertGoneAsync(string connectionString)
    {
        var bi = new NpgsqlConnectionStringBuilder(connectionString) { Username = "customerstream_bi", Password = "customerstream_bi", Pooling = false }.ConnectionString;
        var seenByBi = await FindAsync(bi);
        Assert.True(seenByBi.Count == 0, $"customerstream_bi still reads: {string.Join("; ", seenByBi.Take(5))}");
        var seenByPii = await WithPiiReaderAsync(connectionString, FindAsync);
        Assert.True(seenByPii.Count == 0, $"customerstream_bi_pii still reads: {string.Join("; ", seenByPii.Take(5))}");
    }

    private static async Task<HashSet<string>> WithPiiReaderAsync(string connectionString, Func<string, Task<HashSet<string>>> read)
    {
        var reader = $"cs_pii_{Guid.NewGuid():N}"[..24];
        await using var owner = NpgsqlDataSource.Create(connectionString);
        await using (var create = owner.CreateCommand($"CREATE ROLE {reader} LOGIN PASSWORD 'pii' IN ROLE customerstream_bi_pii"))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            return await read(new NpgsqlConnectionStringBuilder(connectionString) { Username = reader, Password = "pii", Pooling = false }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = owner.CreateCommand($"DROP ROLE {reader}");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Every text value (and text array element) of every mart relation, searched for the e-mails and phones; every row for a first and last name together.</summary>
    private async Task<HashSet<string>> FindAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = await MartTextColumns.ListAsync(connection);

        Assert.Contains(columns, c => c is ("rejected_records", "raw", false));
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var relation in columns.Select(c => c.Relation).Distinct())
        {
            // One text per row: every text column (array elements joined), so that a first and a last name in two columns of a row are found together.
            var texts = string.Join(" || ' ¦ ' || ", columns.Where(c => c.Relation == relation)
                .Select(c => c.IsArray ? $"coalesce(array_to_string(r.{c.Column}, ' ¦ '), '')" : $"coalesce(r.{c.Column}::text, '')"));
            await using var command = new NpgsqlCommand($"SELECT {texts} FROM mart.{relation} r", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = reader.GetString(0);
                var lower = row.ToLowerInvariant();
                found.UnionWith(_emails.Where(e => lower.Contains(e, StringComparison.Ordinal)).Select(e => $"e-mail {e}"));
                found.UnionWith(_phones.Where(p => row.Contains(p, StringComparison.Ordinal)).Select(p => $"phone {p} in {relation}"));
                var cells = row.Split(" ¦ ");
                found.UnionWith(_names.Where(n => cells.Contains(n.First) && cells.Contains(n.Last)).Select(n => $"name {n.First} {n.Last} in {relation}"));
            }
        }

        return found;
    }
}

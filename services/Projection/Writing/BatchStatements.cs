using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Storage;
using Npgsql;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Turns one batch's folded customers and links into its set-based statements: the deletes first (a
/// customer removed and revived in the same batch gets its new rows after the old ones are gone), then one
/// upsert per table. Rows of customers the marts have never seen (no stored row, so none of theirs can
/// exist) can instead go in by COPY (<see cref="CopyAsync"/>), which skips the conflict checks.
/// </summary>
internal sealed class BatchStatements(DateTime now, RfmScorer? scorer)
{
    private readonly List<StagedCustomer> _freshCustomers = [];
    private readonly List<StagedPeriod> _freshPeriods = [];
    private readonly List<StagedPeriod> _freshUnits = [];
    private readonly List<StagedOrder> _freshOrders = [];
    private readonly List<string> _cleared = [];
    private readonly List<StagedPeriod> _deletedPeriods = [];
    private readonly List<StagedPeriod> _deletedUnits = [];
    private readonly List<StagedCustomer> _customers = [];
    private readonly List<StagedCustomer> _versionsOnly = [];
    private readonly List<StagedPeriod> _periods = [];
    private readonly List<StagedPeriod> _units = [];
    private readonly List<StagedOrder> _orders = [];
    private readonly List<StagedLink> _links = [];
    private readonly List<StagedLink> _evidence = [];

    /// <param name="folded">The batch's applicable changes, folded per customer.</param>
    /// <param name="stored">Stored version per customer id: a customer without one is new to the marts.</param>
    /// <param name="copyFresh">Stage new customers' rows for <see cref="CopyAsync"/> rather than for the upserts.</param>
    public void AddCustomers(IReadOnlyList<FoldedCustomer> folded, IReadOnlyDictionary<string, long> stored, bool copyFresh)
    {
        foreach (var customer in folded)
        {
            var staged = new StagedCustomer(customer, now, scorer?.Score(customer.CustomerId, customer.Summary));
            if (copyFresh && !stored.ContainsKey(customer.CustomerId))
            {
                AddFresh(customer, staged);
                continue;
            }

            if (customer.ClearStoredRows)
            {
                _cleared.Add(customer.CustomerId);
            }

            // Changes that carried rows only keep the stored profile, unless a removal in between cleared it.
            (customer.Summary is null && !customer.Removed && !customer.ClearStoredRows ? _versionsOnly : _customers).Add(staged);
            foreach (var row in customer.Periods.Values)
            {
                var period = new StagedPeriod(customer.CustomerId, row, now);
                var target = (row.Deleted, row.BusinessUnit is null) switch
                {
                    (true, true) => _deletedPeriods,
                    (true, false) => _deletedUnits,
                    (false, true) => _periods,
                    (false, false) => _units,
                };
                target.Add(period);
            }

            foreach (var order in customer.Orders.Values)
            {
                _orders.Add(new StagedOrder(customer.CustomerId, order, now));
            }
        }
    }

    private void AddFresh(FoldedCustomer customer, StagedCustomer staged)
    {
        // Nothing of it is stored: deleted rows have nothing to delete, the rest is inserted as it is.
        _freshCustomers.Add(staged);
        foreach (var row in customer.Periods.Values)
        {
            if (!row.Deleted)
            {
                (row.BusinessUnit is null ? _freshPeriods : _freshUnits).Add(new StagedPeriod(customer.CustomerId, row, now));
            }
        }

        foreach (var order in customer.Orders.Values)
        {
            _freshOrders.Add(new StagedOrder(customer.CustomerId, order, now));
        }
    }

    /// <summary>COPYs the new customers' rows into their tables; returns the rows written.</summary>
    public async Task<int> CopyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var written = 0;
        if (_freshCustomers.Count > 0)
        {
            written += await ProjectionTableLayouts.Customer.CopyAsync(connection, _freshCustomers, cancellationToken);
        }

        if (_freshPeriods.Count > 0)
        {
            written += await ProjectionTableLayouts.Period.CopyAsync(connection, _freshPeriods, cancellationToken);
        }

        if (_freshUnits.Count > 0)
        {
            written += await ProjectionTableLayouts.PeriodUnit.CopyAsync(connection, _freshUnits, cancellationToken);
        }

        if (_freshOrders.Count > 0)
        {
            written += await ProjectionTableLayouts.Order.CopyAsync(connection, _freshOrders, cancellationToken);
        }

        return written;
    }

    public void AddLinks(IReadOnlyList<IdentityLink> links)
    {
        // At-least-once delivery may bring the same identifier twice in a batch: the newest identity version wins.
        var latest = new Dictionary<string, IdentityLink>(links.Count, StringComparer.Ordinal);
        Dictionary<(string, string), IdentityLink>? evidence = null;
        foreach (var link in links)
        {
            if (!latest.TryGetValue(link.Identifier, out var seen) || link.Version > seen.Version)
            {
                latest[link.Identifier] = link;
            }

            // Evidence rides on whichever link was due when the record linked; it outlives later links of the identifier.
            if (link.LinkedIdentifier is { } linked)
            {
                evidence ??= [];
                if (!evidence.TryGetValue((link.Identifier, linked), out var known) || link.Version > known.Version)
                {
                    evidence[(link.Identifier, linked)] = link;
                }
            }
        }

        foreach (var link in evidence?.Values ?? Enumerable.Empty<IdentityLink>())
        {
            _evidence.Add(new StagedLink(link, "", "", false, now));
        }

        foreach (var link in latest.Values)
        {
            var parsed = Identifier.TryParse(link.Identifier, out var identifier);
            _links.Add(new StagedLink(link,
                parsed ? Customer360Id.From(identifier).Value : "", parsed ? identifier.Namespace : "", parsed && identifier.IsStrong, now));
        }
    }

    /// <summary>The statements, in the order they must run.</summary>
    public List<NpgsqlBatchCommand> Build()
    {
        var commands = new List<NpgsqlBatchCommand>();
        commands.AddRange(RowDeletes.OfCustomers(_cleared));
        if (_deletedPeriods.Count > 0)
        {
            commands.Add(RowDeletes.Periods(_deletedPeriods));
        }

        if (_deletedUnits.Count > 0)
        {
            commands.Add(RowDeletes.PeriodUnits(_deletedUnits));
        }

        Add(commands, ProjectionTableLayouts.Customer, _customers);
        Add(commands, ProjectionTableLayouts.CustomerVersion, _versionsOnly);
        Add(commands, ProjectionTableLayouts.Period, _periods);
        Add(commands, ProjectionTableLayouts.PeriodUnit, _units);
        Add(commands, ProjectionTableLayouts.Order, _orders);
        Add(commands, ProjectionTableLayouts.IdentityLink, _links);
        Add(commands, ProjectionTableLayouts.IdentityEvidence, _evidence);
        if (_freshCustomers.Count > 0)
        {
            // COPY leaves aliased at its default; a merge may have announced a new customer's ID before its first change.
            var aliased = new NpgsqlBatchCommand(
                $"UPDATE {ProjectionTables.Customer} u SET aliased = true WHERE u.customer_id = ANY($1) AND {ProjectionTableLayouts.AliasedNow}");
            aliased.Parameters.Add(new NpgsqlParameter { Value = _freshCustomers.Select(c => c.Customer.CustomerId).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            commands.Add(aliased);
        }

        return commands;
    }

    private static void Add<T>(List<NpgsqlBatchCommand> commands, TableLayout<T> layout, List<T> rows)
    {
        if (rows.Count > 0)
        {
            commands.Add(layout.Upsert(rows));
        }
    }
}

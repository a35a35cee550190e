using CustomerStream.Projection.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Writing;

/// <summary>The deletes a batch may need, each one statement for the whole batch.</summary>
internal static class RowDeletes
{
    /// <summary>Every period row, business-unit row and order of <paramref name="customerIds"/> (removed customers).</summary>
    public static IEnumerable<NpgsqlBatchCommand> OfCustomers(IReadOnlyCollection<string> customerIds)
    {
        if (customerIds.Count == 0)
        {
            yield break;
        }

        var ids = customerIds.ToArray();
        foreach (var table in new[] { ProjectionTables.CustomerPeriod, ProjectionTables.CustomerPeriodUnit, ProjectionTables.CustomerOrder })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE customer_id = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            yield return command;
        }
    }

    /// <summary>The period rows (all units) with the keys of <paramref name="rows"/>.</summary>
    public static NpgsqlBatchCommand Periods(IReadOnlyList<StagedPeriod> rows)
    {
        var command = new NpgsqlBatchCommand(
            $"DELETE FROM {ProjectionTables.CustomerPeriod} t USING unnest($1::text[], $2::text[], $3::date[]) AS d(customer_id, grain, period_start) " +
            "WHERE t.customer_id = d.customer_id AND t.grain = d.grain AND t.period_start = d.period_start");
        AddKeys(command, rows);
        return command;
    }

    /// <summary>The business-unit rows with the keys of <paramref name="rows"/>.</summary>
    public static NpgsqlBatchCommand PeriodUnits(IReadOnlyList<StagedPeriod> rows)
    {
        var command = new NpgsqlBatchCommand(
            $"DELETE FROM {ProjectionTables.CustomerPeriodUnit} t USING unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS d(customer_id, grain, period_start, business_unit) " +
            "WHERE t.customer_id = d.customer_id AND t.grain = d.grain AND t.period_start = d.period_start AND t.business_unit = d.business_unit");
        AddKeys(command, rows);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Row.BusinessUnit!).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    private static void AddKeys(NpgsqlBatchCommand command, IReadOnlyList<StagedPeriod> rows)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.CustomerId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => Names.Grain(r.Row.Grain)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => Names.PeriodStart(r.Row)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
    }
}

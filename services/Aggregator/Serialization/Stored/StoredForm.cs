using CustomerStream.Aggregator.Domain;

namespace CustomerStream.Aggregator.Serialization.Stored;

/// <summary>Converts the aggregator's state to the shapes the state schema declares, and back.</summary>
internal static class StoredForm
{
    public static StoredTaskState Of(AggregatorTaskState task)
    {
        var stored = new StoredTaskState { FactWatermark = task.FactWatermark, Batches = task.Batches };
        stored.Parked.Capacity = task.Parked.Count;
        foreach (var transfer in task.Parked)
        {
            stored.Parked.Add(Of(transfer));
        }

        return stored;
    }

    public static AggregatorTaskState ToTaskState(StoredTaskState stored)
    {
        var task = new AggregatorTaskState { FactWatermark = stored.FactWatermark, Batches = stored.Batches };
        foreach (var transfer in stored.Parked)
        {
            task.Parked.Add(ToTransfer(transfer));
        }

        return task;
    }

    public static StoredTransfer Of(StateTransfer transfer) => new()
    {
        TargetId = transfer.TargetId,
        LoserId = transfer.LoserId,
        MergeSeq = transfer.MergeSeq,
        RouteSeq = transfer.RouteSeq,
        Payload = Of(transfer.Payload),
    };

    public static StateTransfer ToTransfer(StoredTransfer stored) =>
        new(stored.TargetId, stored.LoserId, stored.MergeSeq, stored.RouteSeq, ToState(stored.Payload));

    public static StoredCustomerState Of(CustomerState state)
    {
        var stored = new StoredCustomerState
        {
            CustomerId = state.CustomerId,
            LastSeq = state.LastSeq,
            Version = state.Version,
            Removed = state.Removed,
            AcquisitionTs = state.Acquisition.Ts,
            AcquisitionSource = state.Acquisition.Source,
            LastSummary = state.LastSummary,
        };

        foreach (var merge in state.MergeHistory)
        {
            stored.MergeHistory.Add(new() { Seq = merge.Seq, SurvivorId = merge.SurvivorId });
        }

        foreach (var transfer in state.AppliedTransfers)
        {
            stored.AppliedTransfers.Add(new() { LoserId = transfer.LoserId, MergeSeq = transfer.MergeSeq, Contents = unchecked((long)transfer.Contents) });
        }

        stored.Identifiers.Capacity = state.Identifiers.Count;
        foreach (var i in state.Identifiers.Values)
        {
            stored.Identifiers.Add(new() { Identifier = i.Identifier, SourceSystem = i.SourceSystem, FirstSeenTs = i.FirstSeenTs });
        }

        stored.Records.Capacity = state.Records.Count;
        foreach (var r in state.RecordValues)
        {
            stored.Records.Add(new()
            {
                SourceSystem = r.SourceSystem,
                SourceCustomerId = r.SourceCustomerId,
                Email = r.Email,
                FirstName = r.FirstName,
                LastName = r.LastName,
                Phone = r.Phone,
                Country = r.Country,
                City = r.City,
                CreatedAt = r.CreatedAt,
                UpdatedAt = r.UpdatedAt,
                Status = r.Status,
                IsTest = r.IsTest,
                RecordHash = r.RecordHash,
            });
        }

        stored.Orders.Capacity = state.Orders.Count;
        foreach (var o in state.OrderValues)
        {
            stored.Orders.Add(new()
            {
                SourceSystem = o.SourceSystem,
                OrderId = o.OrderId,
                OrderTs = o.OrderTs,
                UpdatedAt = o.UpdatedAt,
                Status = o.Status,
                Amount = o.Amount,
                Currency = o.Currency,
                BusinessUnit = o.BusinessUnit,
                Category = o.Category,
                ProductId = o.ProductId,
                Quantity = o.Quantity,
                CustomerEmail = o.CustomerEmail,
                RecordHash = o.RecordHash,
            });
        }

        stored.WebEvents.Capacity = state.WebEvents.Count;
        foreach (var e in state.WebEventValues)
        {
            stored.WebEvents.Add(new() { EventId = e.EventId, Seq = e.Seq, Present = e.Present, Ts = e.Ts, Type = e.Type, SessionId = e.SessionId, Email = e.Email });
        }

        return stored;
    }

    public static CustomerState ToState(StoredCustomerState stored)
    {
        var state = new CustomerState(stored.CustomerId)
        {
            LastSeq = stored.LastSeq,
            Version = stored.Version,
            Removed = stored.Removed,
            Acquisition = stored.AcquisitionTs is null && stored.AcquisitionSource is null
                ? Acquisition.None
                : new Acquisition(stored.AcquisitionTs, stored.AcquisitionSource),
            LastSummary = stored.LastSummary,
        };

        foreach (var merge in stored.MergeHistory)
        {
            state.LoadMerge(new MergeRecord(merge.Seq, merge.SurvivorId));
        }

        foreach (var transfer in stored.AppliedTransfers)
        {
            state.LoadAppliedTransfer(new TransferId(transfer.LoserId, transfer.MergeSeq, unchecked((ulong)transfer.Contents)));
        }

        state.ReserveForLoad(stored.Records.Count, stored.Orders.Count, stored.WebEvents.Count, stored.Identifiers.Count);
        foreach (var i in stored.Identifiers)
        {
            state.LoadIdentifier(new IdentifierEntry(i.Identifier, i.SourceSystem, i.FirstSeenTs));
        }

        foreach (var r in stored.Records)
        {
            state.LoadRecord(new MasterRecord(
                r.SourceSystem, r.SourceCustomerId, r.Email, r.FirstName, r.LastName, r.Phone, r.Country, r.City, r.CreatedAt, r.UpdatedAt, r.Status, r.IsTest, r.RecordHash));
        }

        foreach (var o in stored.Orders)
        {
            state.LoadOrder(new OrderVersion(
                o.SourceSystem, o.OrderId, o.OrderTs, o.UpdatedAt, o.Status, o.Amount, o.Currency, o.BusinessUnit, o.Category, o.ProductId, o.Quantity, o.CustomerEmail, o.RecordHash));
        }

        foreach (var e in stored.WebEvents)
        {
            state.LoadWeb(new WebEventEntry(e.EventId, e.Seq, e.Present, e.Ts, e.Type, e.SessionId, e.Email));
        }

        return state;
    }
}

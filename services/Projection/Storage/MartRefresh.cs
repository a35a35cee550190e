namespace CustomerStream.Projection.Storage;

/// <summary>One global refresh: the time its figures are as of, how many customers the RFM quintiles ranked, how long it took.</summary>
public sealed record MartRefresh(DateTimeOffset ScoresAsOf, long RankedCustomers, TimeSpan Elapsed);

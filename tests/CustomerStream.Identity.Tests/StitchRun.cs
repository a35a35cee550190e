using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Identity.Domain;
using CustomerStream.Identity.Tests.Support;

namespace CustomerStream.Identity.Tests;

/// <summary>Runs records through an engine and reads the outcome the way a downstream consumer would.</summary>
internal sealed class StitchRun : IIdentityOutput
{
    private readonly StoredIdentityState? _stored;

    public StitchRun() => Engine = new IdentityEngine(new InMemoryIdentityState(), this);

    /// <summary>Keeps the graph in a byte store with a tiny cache, flushed after every record, so every node is re-decoded.</summary>
    public StitchRun(int cacheCapacity)
    {
        _stored = new StoredIdentityState(new DictionaryBytes(), cacheCapacity);
        Engine = new IdentityEngine(_stored, this);
    }

    public IdentityEngine Engine { get; }

    public List<IdentityFact> Facts { get; } = [];

    public List<IdentityLink> Links { get; } = [];

    public List<CustomerMerged> Merges { get; } = [];

    public List<CustomerErased> Erasures { get; } = [];

    public static StitchRun Of(IEnumerable<object> records, int? storedCacheCapacity = null)
    {
        var run = storedCacheCapacity is { } capacity ? new StitchRun(capacity) : new StitchRun();
        foreach (var r in records)
        {
            run.Apply(r);
        }

        return run;
    }

    public IdentityOutcome Apply(object record)
    {
        var outcome = record switch
        {
            CustomerRecord c => Engine.Process(c),
            OrderRecord o => Engine.Process(o),
            WebEvent w => Engine.Process(w),
            ErasureRequest e => Engine.Erase(e) == ErasureOutcome.Erased ? IdentityOutcome.Applied : IdentityOutcome.NotNewer,
            _ => throw new ArgumentException(record.GetType().Name),
        };
        _stored?.Flush();
        return outcome;
    }

    public void Fact(IdentityFact fact) => Facts.Add(fact);

    public void Link(IdentityLink link) => Links.Add(link);

    public void Merged(CustomerMerged merged) => Merges.Add(merged);

    public void Erased(CustomerErased erased) => Erasures.Add(erased);

    /// <summary>Customer of a strong identifier now.</summary>
    public string CustomerOf(string identifier) =>
        Engine.Resolve(Identifier.Parse(identifier)) ?? throw new KeyNotFoundException(identifier);

    /// <summary>Follows aliases announced on customer.merged.v1 (the newest announcement for an ID wins).</summary>
    public string Canonical(string customerId)
    {
        var aliases = Merges.GroupBy(m => m.MergedId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Version)!);
        var seen = new HashSet<string>();
        while (aliases.TryGetValue(customerId, out var m) && seen.Add(customerId))
        {
            // An ID that became an anchor again after being merged is live: later facts reached it.
            var revived = Facts.Any(f => f.CustomerId == customerId && f.Seq > m.Version && f.Fact is not MergeFact);
            if (revived)
            {
                break;
            }

            customerId = m.SurvivorId;
        }

        return customerId;
    }

    /// <summary>The customer a web event belongs to in the end (last APPLY/RETRACT by seq, through aliases).</summary>
    public string? OwnerOfEvent(string eventId)
    {
        var last = Facts.Where(f => f.Fact is WebActivityFact w && w.EventId == eventId).MaxBy(f => f.Seq);
        return last?.Fact is WebActivityFact { Action: AttributionAction.APPLY } ? Canonical(last.CustomerId) : null;
    }

    /// <summary>Strong identifiers grouped by customer: the partition the contract's rules define.</summary>
    public IReadOnlyList<string> Partition(IEnumerable<string> strongIdentifiers) =>
        strongIdentifiers.GroupBy(CustomerOf)
            .Select(g => $"{g.Key}=[{string.Join(",", g.Order(StringComparer.Ordinal))}]")
            .Order(StringComparer.Ordinal)
            .ToList();

    public IEnumerable<string> StrongIdentifiers => Links.Select(l => l.Identifier).Distinct()
        .Where(i => Identifier.Parse(i).IsStrong);

    private sealed class DictionaryBytes : IKeyValueBytes
    {
        private readonly Dictionary<string, byte[]> _data = new(StringComparer.Ordinal);

        public byte[]? Get(string key) => _data.GetValueOrDefault(key);

        public void Put(string key, byte[] value) => _data[key] = value;

        public void Delete(string key) => _data.Remove(key);
    }
}

using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Writing;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>
/// Turns a <see cref="Population"/> into what the projection would receive from the topics: per
/// customer a sequence of delta changes (orders arriving in random order, pending versions replaced by
/// final ones, late months), some customers first split in two and merged later (the loser removed,
/// its orders moving to the survivor), identity links and merges, plus at-least-once artifacts:
/// duplicates and stale replays. Per customer the versions arrive in order (one partition); across
/// customers in any interleaving.
/// </summary>
public sealed class ChangeStream
{
    private static readonly DateTime ChangedAt = new(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Every record in delivery order.</summary>
    public List<object> Records { get; } = [];

    public static ChangeStream From(Population population, int seed, double mergeShare = 0.06)
    {
        var random = new Random(seed);
        var stream = new ChangeStream();
        var queues = new List<Queue<object>>();
        long identitySeq = 0;
        foreach (var customer in population.Customers)
        {
            var own = new List<object>();
            var emitter = new CustomerEmitter(customer.Id, customer);
            var orders = customer.Orders.OrderBy(_ => random.Next()).ToList();
            var moved = new List<TruthOrder>();
            if (customer.Visibility == VisibilityStatus.VISIBLE && orders.Count >= 2 && random.NextDouble() < mergeShare)
            {
                // Part of the history first lands on a second ID, which identity later merges into this one.
                var loserProfile = new TruthCustomer
                {
                    Id = Customer360Id.From(Identifier.SourceId("legacy", customer.Id)).Value,
                    Visibility = VisibilityStatus.VISIBLE,
                    AcquisitionTs = customer.AcquisitionTs?.AddDays(1),
                    AcquisitionSource = "legacy",
                    Email = customer.Email,
                    Identifiers = [$"legacy:{customer.Id}"],
                };
                moved = orders.Take(orders.Count / 2).ToList();
                orders = orders.Skip(moved.Count).ToList();
                var loser = new CustomerEmitter(loserProfile.Id, loserProfile);
                var loserQueue = new List<object>();
                foreach (var chunk in moved.Chunk(2))
                {
                    loserQueue.Add(loser.Step(chunk, false, ChangedAt));
                }

                loserQueue.Add(loser.Remove(customer.Id, ChangedAt));
                loserQueue.Insert(0, new IdentityLink { Identifier = $"legacy:{customer.Id}", CustomerId = loserProfile.Id, SourceSystem = "legacy", FirstSeenTs = ChangedAt, Version = ++identitySeq });
                queues.Add(new Queue<object>(WithReplays(loserQueue, random)));

                population.Merged[loserProfile.Id] = customer.Id;
                own.Add(new CustomerMerged
                {
                    EventId = $"merge-{loserProfile.Id}",
                    SurvivorId = customer.Id,
                    MergedId = loserProfile.Id,
                    Version = ++identitySeq,
                    MergedAt = ChangedAt,
                    Reason = $"shared identifier email:{customer.Email}",
                    LinkingIdentifier = $"email:{customer.Email}",
                });
                own.Add(new IdentityLink { Identifier = $"legacy:{customer.Id}", CustomerId = customer.Id, SourceSystem = "legacy", FirstSeenTs = ChangedAt, Version = ++identitySeq });
            }

            // Some approved orders first arrive pending, to be replaced by their final version later.
            var firstVersions = orders.Select(o => o.Status == OrderStatus.APPROVED && random.Next(4) == 0
                ? o with { Status = OrderStatus.PENDING, UpdatedAt = o.UpdatedAt.AddHours(-1) }
                : o).ToList();
            var steps = firstVersions.Chunk(Math.Max(1, random.Next(1, 4))).ToList();
            var webAt = random.Next(Math.Max(1, steps.Count + 1));
            for (var s = 0; s < steps.Count; s++)
            {
                own.Add(emitter.Step(steps[s], s >= webAt, ChangedAt));
            }

            var finals = orders.Where(o => !firstVersions.Contains(o)).ToList();
            if (moved.Count > 0 || finals.Count > 0 || steps.Count == 0 || webAt >= steps.Count)
            {
                own.Add(emitter.Step(moved.Concat(finals), true, ChangedAt));
            }

            foreach (var identifier in customer.Identifiers)
            {
                Identifier.TryParse(identifier, out var parsed);
                var link = new IdentityLink
                {
                    Identifier = identifier,
                    CustomerId = customer.Id,
                    SourceSystem = parsed.Kind == IdentifierKind.SourceId ? parsed.Namespace : null,
                    FirstSeenTs = customer.AcquisitionTs ?? ChangedAt,
                    Version = ++identitySeq,
                };
                own.Insert(random.Next(own.Count + 1), link);
            }

            queues.Add(new Queue<object>(WithReplays(own, random)));
        }

        // A few rejected input records, some delivered twice.
        var rejections = new List<object>();
        for (var i = 0; i < 12; i++)
        {
            var rejected = new RejectedRecord
            {
                RejectionId = $"rej-{seed}-{i}",
                SourceSystem = "crm",
                Entity = "customers",
                InputRef = $"customers.csv:{i + 2}",
                ReasonCode = i % 2 == 0 ? ReasonCodes.BadTimestamp : ReasonCodes.MissingField,
                Reason = "created_at '31/02/2024' is not a date",
                Raw = $"crm,{i},ann@example.com,31/02/2024",
                RejectedAt = ChangedAt,
            };
            rejections.Add(rejected);
            if (i % 3 == 0)
            {
                rejections.Add(rejected);
            }
        }

        queues.Add(new Queue<object>(rejections));
        stream.Records.AddRange(Interleave(queues, random));
        return stream;
    }

    /// <summary>The records cut into batches of random size, tagged with the partition of their key as a live consumer would.</summary>
    public List<ProjectionBatch> Batches(int seed, int maxBatch = 150)
    {
        var random = new Random(seed);
        var batches = new List<ProjectionBatch>();
        var i = 0;
        while (i < Records.Count)
        {
            var batch = new ProjectionBatch();
            var size = random.Next(1, maxBatch + 1);
            for (; i < Records.Count && size-- > 0; i++)
            {
                Add(batch, Records[i]);
            }

            batches.Add(batch);
        }

        return batches;
    }

    public static void Add(ProjectionBatch batch, object record)
    {
        switch (record)
        {
            case CustomerChange change:
                batch.Changes.Add(change);
                batch.Partitions.Add(new SourcePartition("aggregate.customer-changes.v1", (change.CustomerId.GetHashCode(StringComparison.Ordinal) & 0x7FFFFFFF) % 6));
                break;
            case IdentityLink link:
                batch.Links.Add(link);
                break;
            case CustomerMerged merged:
                batch.Merges.Add(merged);
                break;
            case RejectedRecord rejected:
                batch.Rejections.Add(rejected);
                break;
            default:
                throw new ArgumentException($"Unexpected record {record.GetType()}");
        }
    }

    // At-least-once: some records come twice in a row, some earlier ones again later (a replay after a crash).
    private static IEnumerable<object> WithReplays(List<object> records, Random random)
    {
        for (var i = 0; i < records.Count; i++)
        {
            yield return records[i];
            if (random.Next(8) == 0)
            {
                yield return records[i];
            }

            if (i > 0 && random.Next(6) == 0)
            {
                yield return records[random.Next(i)];
            }
        }
    }

    private static IEnumerable<object> Interleave(List<Queue<object>> queues, Random random)
    {
        var open = queues.Where(q => q.Count > 0).ToList();
        while (open.Count > 0)
        {
            var pick = random.Next(open.Count);
            yield return open[pick].Dequeue();
            if (open[pick].Count == 0)
            {
                open.RemoveAt(pick);
            }
        }
    }
}

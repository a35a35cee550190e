using System.Globalization;
using CustomerStream.Customer360.Pipeline;
using CustomerStream.Projection.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CustomerStream.Customer360.Api;

/// <summary>
/// The read API under <c>/v1</c>. Every answer comes from the marts' one-customer reads (<see cref="CustomerReads"/>,
/// whose statements the plan tests hold to a few index probes) or from the pipeline sampler; nothing here scans
/// everybody.
/// </summary>
internal static class CustomerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/customers", SearchAsync).WithName("searchCustomers")
            .WithSummary("Find customers by a key, or by the start of an e-mail address or name");
        v1.MapGet("/customers/{key}", CustomerAsync).WithName("getCustomer")
            .WithSummary("One customer by Customer360 ID (current or alias), e-mail address or identifier (source:id, device:…, cookie:…)");
        v1.MapGet("/customers/{key}/periods", PeriodsAsync).WithName("getCustomerPeriods")
            .WithSummary("The customer's figures per calendar month, quarter or year (UTC)");
        v1.MapGet("/customers/{key}/orders", OrdersAsync).WithName("getCustomerOrders")
            .WithSummary("The customer's orders, current version each, newest first");
        v1.MapGet("/customers/{key}/merges", MergesAsync).WithName("getCustomerMerges")
            .WithSummary("The merges that ended in this customer, and the IDs that resolve to it");
        v1.MapGet("/customers/{key}/explain", ExplainAsync).WithName("explainCustomer")
            .WithSummary("Why these identifiers are one customer: the records that linked them, the survivor rule, attributed devices and cookies, merges and aliases");
        v1.MapGet("/audit/customers", CountAsync).WithName("auditCustomers")
            .WithSummary("How many customers we have, with every visibility bucket beside the count");
        v1.MapGet("/pipeline", (PipelineSampler sampler) => TypedResults.Ok(sampler.Status())).WithName("getPipeline")
            .WithSummary("Per stage: lag, throughput and freshness now and over the last minutes; rejected records");
    }

    private static async Task<Results<Ok<SearchAnswer>, BadRequest<ReadProblem>>> SearchAsync(string? q, CustomerReads reads, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.BadRequest(new ReadProblem("missing query parameter q", "give an ID, an e-mail address or identifier, or the start of an e-mail address or name"));
        }

        return TypedResults.Ok(new SearchAnswer(q.Trim(), await reads.SearchAsync(q, cancellationToken)));
    }

    private static async Task<Results<Ok<CustomerAnswer>, NotFound<ReadProblem>>> CustomerAsync(string key, CustomerReads reads, CancellationToken cancellationToken)
    {
        var (resolution, profile) = await FindAsync(key, reads, cancellationToken);
        if (resolution is null || profile is null)
        {
            return NotFound(key);
        }

        var identifiers = await reads.IdentifiersAsync(profile.CustomerId, cancellationToken);
        var aliases = await reads.AliasesAsync(profile.CustomerId, cancellationToken);
        return TypedResults.Ok(new CustomerAnswer(profile.CustomerId, resolution.ResolvedVia, profile, identifiers, aliases));
    }

    private static async Task<Results<Ok<PeriodsAnswer>, NotFound<ReadProblem>, BadRequest<ReadProblem>>> PeriodsAsync(
        string key, string? grain, CustomerReads reads, CancellationToken cancellationToken)
    {
        var chosen = string.IsNullOrWhiteSpace(grain) ? "month" : grain.Trim().ToLowerInvariant();
        if (!CustomerReads.Grains.Contains(chosen))
        {
            return TypedResults.BadRequest(new ReadProblem($"grain '{grain}' is not one of {string.Join(", ", CustomerReads.Grains)}", "grain=month, grain=quarter or grain=year"));
        }

        if (await IdOfAsync(key, reads, cancellationToken) is not { } id)
        {
            return NotFound(key);
        }

        return TypedResults.Ok(new PeriodsAnswer(id, chosen, await reads.PeriodsAsync(id, chosen, cancellationToken)));
    }

    private static async Task<Results<Ok<OrdersAnswer>, NotFound<ReadProblem>>> OrdersAsync(string key, CustomerReads reads, CancellationToken cancellationToken)
    {
        if (await IdOfAsync(key, reads, cancellationToken) is not { } id)
        {
            return NotFound(key);
        }

        var (orders, more) = await reads.OrdersAsync(id, cancellationToken);
        return TypedResults.Ok(new OrdersAnswer(id, orders, more));
    }

    private static async Task<Results<Ok<MergesAnswer>, NotFound<ReadProblem>>> MergesAsync(string key, CustomerReads reads, CancellationToken cancellationToken)
    {
        if (await IdOfAsync(key, reads, cancellationToken) is not { } id)
        {
            return NotFound(key);
        }

        return TypedResults.Ok(new MergesAnswer(id, await reads.MergesAsync(id, cancellationToken), await reads.AliasesAsync(id, cancellationToken)));
    }

    // What `customerstream explain --json` prints, resolved the same way as the reads above.
    private static async Task<Results<Ok<CustomerExplanation>, NotFound<ReadProblem>>> ExplainAsync(string key, CustomerReads reads, CancellationToken cancellationToken) =>
        await reads.ExplainAsync(key, cancellationToken) is { } explanation ? TypedResults.Ok(explanation) : NotFound(key);

    private static async Task<Ok<CountAnswer>> CountAsync(CustomerReads reads, CancellationToken cancellationToken)
    {
        var buckets = await reads.CountAsync(cancellationToken);
        var visible = buckets.FirstOrDefault(b => b.VisibilityStatus == "visible")?.Customers ?? 0;
        var profiles = buckets.Sum(b => b.Customers);
        string[] derivation =
        [
            $"{profiles.ToString("N0", CultureInfo.InvariantCulture)} stitched profiles, one per live Customer360 ID (merged-away IDs are aliases and not counted).",
            MartQueries.VisibilityRule,
            $"Customers = visible = {visible.ToString("N0", CultureInfo.InvariantCulture)}: SELECT customers FROM mart.customer_count_audit WHERE visibility_status = 'visible'.",
            "`customerstream audit customers` adds the count by source, which reads every customer.",
        ];
        return TypedResults.Ok(new CountAnswer(visible, profiles, buckets, derivation));
    }

    private static async Task<(CustomerResolution? Resolution, CustomerProfile? Profile)> FindAsync(string key, CustomerReads reads, CancellationToken cancellationToken)
    {
        if (await reads.ResolveAsync(key, cancellationToken) is not { } resolution)
        {
            return (null, null);
        }

        return (resolution, await reads.ProfileAsync(resolution.CustomerId, cancellationToken));
    }

    private static async Task<string?> IdOfAsync(string key, CustomerReads reads, CancellationToken cancellationToken) =>
        (await FindAsync(key, reads, cancellationToken)).Profile?.CustomerId;

    private static NotFound<ReadProblem> NotFound(string key) =>
        TypedResults.NotFound(new ReadProblem($"no customer is known by '{key}'", "try a Customer360 ID, an e-mail address, or an identifier such as crm:123"));
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using CustomerStream.Ingest.Http;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// Sends new approved orders of existing customers (linked by their e-mail, as a shop would) to the ingest
/// HTTP API at a steady rate, and watches the marts for each of them: the time from the API's 202 (the event
/// is accepted) to the first look that finds its row in <c>mart.orders</c> AND its customer's
/// <c>mart.customer_month</c> row counting it (the month's order count at least the customer's approved orders
/// of that month in <c>mart.orders</c>) is the order's freshness. Looks are 25 ms apart, so a freshness figure
/// may be up to 25 ms late (more under a backlog of thousands of unseen orders, when a look takes longer: looks then
/// keep three times their own duration apart). A look reads only the feed's orders from the lowest one not seen yet
/// on, through the orders' (source_system, order_id) index: the measuring must not take the CPU it measures with.
/// With <c>retryFailures</c> (the fault bench), a batch the API did not accept — refused connection, 5xx, timeout —
/// is sent again every 200 ms until it is, as a client of a restarting service does; its orders count as accepted
/// at the 202 that finally came.
/// </summary>
internal sealed class OrderFeed(HttpClient http, string apiUrl, string apiKey, NpgsqlDataSource marts, bool retryFailures = false)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    /// <summary>E-mail addresses of visible customers, ordered, to attach new orders to.</summary>
    public async Task<IReadOnlyList<string>> CustomerEmailsAsync(CancellationToken cancellationToken)
    {
        await using var command = marts.CreateCommand("""
            SELECT substr(l.identifier, 7) FROM mart.identity_links l
            JOIN mart.customer_profile p USING (customer_id)
            WHERE l.identifier LIKE 'email:%' AND p.visibility_status = 'visible'
            ORDER BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var emails = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            emails.Add(reader.GetString(0));
        }

        return emails.Count > 0 ? emails : throw new CliException("No visible customer with an e-mail address is in the marts to attach new orders to.");
    }

    /// <summary>
    /// Sends <paramref name="count"/> orders at <paramref name="perSecond"/> and waits until every one is in the
    /// marts (or <paramref name="timeout"/> passes).
    /// </summary>
    public async Task<FeedResult> RunAsync(string runId, int count, int perSecond, IReadOnlyList<string> emails, DateTime month, int seed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        // Zero-padded to one width, so that the IDs sort as text in sending order (the watcher reads a range of them).
        var width = Math.Max(7, (count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var orders = Enumerable.Range(0, count).Select(i => new BenchOrder
        {
            OrderId = $"bench-{runId}-{i.ToString($"D{width}", CultureInfo.InvariantCulture)}",
            CustomerEmail = emails[random.Next(emails.Count)],
            OrderTs = month.AddSeconds(random.Next(0, 27 * 24 * 3600)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Amount = Math.Round(5m + (decimal)random.NextDouble() * 495m, 2),
        }).ToList();
        var accepted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var retried = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchAsync($"bench-{runId}-%", orders.Select(o => o.OrderId).ToList(), seen, watching.Token);
        var clock = Stopwatch.StartNew();
        await SendAsync(orders, perSecond, accepted, retried, cancellationToken);
        var sent = clock.Elapsed;
        var deadline = clock.Elapsed + timeout;
        while (seen.Count < count && clock.Elapsed < deadline)
        {
            await Task.Delay(LookInterval, cancellationToken);
        }

        var settled = clock.Elapsed;
        await watching.CancelAsync();
        await watcher;
        var freshness = accepted
            .Where(a => seen.ContainsKey(a.Key))
            .Select(a => Stopwatch.GetElapsedTime(a.Value, seen[a.Key]))
            .Order()
            .ToList();
        var samples = accepted
            .Select(a => new FeedSample(a.Value, seen.TryGetValue(a.Key, out var at) ? at : (long?)null, retried.ContainsKey(a.Key)))
            .ToList();
        return new FeedResult(count, sent, settled, count - seen.Count, freshness, samples);
    }

    private async Task SendAsync(
        List<BenchOrder> orders, int perSecond, ConcurrentDictionary<string, long> accepted, ConcurrentDictionary<string, bool> retried, CancellationToken cancellationToken)
    {
        var batch = Math.Max(1, (int)Math.Round(perSecond * Tick.TotalSeconds));
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (var i = 0; i < orders.Count; i += batch)
        {
            // Each batch leaves at its place in the schedule; a late start is not made up by bursts beyond the rate.
            var due = TimeSpan.FromSeconds((double)i / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var slice = orders.GetRange(i, Math.Min(batch, orders.Count - i));
            inFlight.Add(retryFailures ? PostUntilAcceptedAsync(slice, accepted, retried, cancellationToken) : PostAsync(slice, accepted, cancellationToken));
            inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
        }

        await Task.WhenAll(inFlight);
    }

    private async Task PostUntilAcceptedAsync(
        List<BenchOrder> slice, ConcurrentDictionary<string, long> accepted, ConcurrentDictionary<string, bool> retried, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await PostAsync(slice, accepted, cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or RetryableAnswerException)
            {
                foreach (var order in slice)
                {
                    retried[order.OrderId] = true;
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }

    private async Task PostAsync(List<BenchOrder> slice, ConcurrentDictionary<string, long> accepted, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{apiUrl.TrimEnd('/')}/v1/orders") { Content = JsonContent.Create(slice) };
        request.Headers.Add(IngestApiOptions.ApiKeyHeader, apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var at = Stopwatch.GetTimestamp();
        if (retryFailures && (int)response.StatusCode >= 500)
        {
            throw new RetryableAnswerException();
        }

        if ((int)response.StatusCode != 202)
        {
            throw new CliException($"The ingest API answered {(int)response.StatusCode} to a batch of bench orders: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        foreach (var order in slice)
        {
            accepted[order.OrderId] = at;
        }
    }

    /// <param name="pattern">Matches the feed's order IDs (and no others).</param>
    /// <param name="orderIds">The feed's order IDs in sending order, which is also their order as text (zero-padded numbers).</param>
    /// <param name="seen">Receives each order ID when a look first finds it, with the time of that look.</param>
    /// <param name="cancellationToken">Ends the watching.</param>
    private async Task WatchAsync(string pattern, List<string> orderIds, ConcurrentDictionary<string, long> seen, CancellationToken cancellationToken)
    {
        // Only rows projected since shortly before the last look are read again, and only from the lowest order not
        // seen yet on (an index range): a sequential scan of every order 40 times a second took about a core.
        var since = DateTime.UnixEpoch;
        var lowestUnseen = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (lowestUnseen < orderIds.Count && seen.ContainsKey(orderIds[lowestUnseen]))
                {
                    lowestUnseen++;
                }

                if (lowestUnseen == orderIds.Count)
                {
                    return;
                }

                await using var command = marts.CreateCommand("""
                    SELECT o.order_id, o.projected_at
                    FROM mart.orders o
                    JOIN mart.customer_month m
                      ON m.customer_id = o.customer_id AND m.period_start = date_trunc('month', o.order_ts AT TIME ZONE 'UTC')::date
                    WHERE o.source_system = 'shop' AND o.order_id >= $3 AND o.order_id LIKE $1 AND o.projected_at >= $2
                      AND m.order_count >= (
                          SELECT count(*) FROM mart.orders x
                          WHERE x.customer_id = o.customer_id AND x.status = 'approved'
                            AND x.order_ts >= (m.period_start::timestamp AT TIME ZONE 'UTC')
                            AND x.order_ts < ((m.period_start + interval '1 month') AT TIME ZONE 'UTC'))
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = pattern });
                command.Parameters.Add(new NpgsqlParameter { Value = since });
                command.Parameters.Add(new NpgsqlParameter { Value = orderIds[lowestUnseen] });
                var looking = Stopwatch.GetTimestamp();
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    var now = Stopwatch.GetTimestamp();
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        seen.TryAdd(reader.GetString(0), now);
                        var projected = reader.GetDateTime(1).AddSeconds(-5);
                        since = projected > since ? projected : since;
                    }
                }

                // A backlog makes each look slower (more unseen orders in the range): then looks keep three times their
                // own duration apart, so that the watcher never takes more than a quarter of a core from what it measures.
                var took = Stopwatch.GetElapsedTime(looking);
                await Task.Delay(took * 3 > LookInterval ? took * 3 : LookInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The feed is over.
        }
    }

    /// <summary>A 5xx answer: the service is there but cannot take the batch now (Kafka unreachable); worth sending again.</summary>
    private sealed class RetryableAnswerException : Exception;

    /// <summary>One order as the ingest API takes it (the field names of services/Ingest/README.md, "Input formats").</summary>
    private sealed class BenchOrder
    {
        [JsonPropertyName("order_id")]
        public required string OrderId { get; init; }

        [JsonPropertyName("source_system")]
        public string SourceSystem { get; init; } = "shop";

        [JsonPropertyName("customer_email")]
        public required string CustomerEmail { get; init; }

        [JsonPropertyName("order_ts")]
        public required string OrderTs { get; init; }

        [JsonPropertyName("status")]
        public string Status { get; init; } = "approved";

        [JsonPropertyName("amount")]
        public decimal Amount { get; init; }

        [JsonPropertyName("currency")]
        public string Currency { get; init; } = "EUR";

        [JsonPropertyName("business_unit")]
        public string BusinessUnit { get; init; } = "online";

        [JsonPropertyName("category")]
        public string Category { get; init; } = "bench";

        [JsonPropertyName("product_id")]
        public string ProductId { get; init; } = "p-bench";

        [JsonPropertyName("quantity")]
        public int Quantity { get; init; } = 1;
    }
}

/// <summary>
/// What a feed measured: orders sent, time to send them, time until the last was in the marts, orders never seen,
/// freshness of each seen order (sorted), and each accepted order's moments (for figures per time window).
/// </summary>
internal sealed record FeedResult(int Orders, TimeSpan Sending, TimeSpan UntilAllVisible, int Missing, IReadOnlyList<TimeSpan> Freshness, IReadOnlyList<FeedSample> Samples)
{
    public TimeSpan Percentile(double p) => Percentile(Freshness, p);

    /// <summary>The <paramref name="p"/>th percentile (nearest rank) of <paramref name="sorted"/>, zero when it is empty.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Max(0, Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1))];
}

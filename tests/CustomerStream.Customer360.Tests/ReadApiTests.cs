using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Kafka.Faults;
using static CustomerStream.Customer360.Tests.ConsoleSample;

namespace CustomerStream.Customer360.Tests;

/// <summary>The read API answers from the marts what the marts hold, for any key a user has, and only with the key.</summary>
public sealed class ReadApiTests(ReadApiHost host) : IClassFixture<ReadApiHost>
{
    [Fact]
    public async Task Every_read_needs_a_read_api_key_and_the_page_does_not()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        foreach (var path in new[] { $"/v1/customers/{Ann}", $"/v1/customers/{Ann}/explain", "/v1/customers?q=ann", "/v1/audit/customers", "/v1/pipeline" })
        {
            using var none = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Add(Customer360Options.ApiKeyHeader, "not-the-key-0123456789");
            using var refused = await anonymous.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains(Customer360Options.ApiKeyHeader, problem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using var page = await anonymous.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/console/console.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await anonymous.GetAsync("/console/console.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var missing = await anonymous.GetAsync("/console/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ann.lee@example.com")]
    [InlineData(" Ann.Lee@Example.com ")]
    [InlineData("email:ann.lee@example.com")]
    [InlineData("crm:7")]
    [InlineData("device:d-1")]
    [InlineData("old id")]
    public async Task A_customer_is_found_by_any_of_its_keys_and_answers_with_its_live_id(string key)
    {
        var asked = key switch { "id" => Ann, "old id" => OldAnn, _ => key };
        using var answer = await GetAsync($"/v1/customers/{Uri.EscapeDataString(asked)}");
        var root = answer.RootElement;
        Assert.Equal(Ann, root.GetProperty("customer_id").GetString());
        Assert.Equal(asked == Ann, root.GetProperty("resolved_via").GetArrayLength() == 0);
        var profile = root.GetProperty("profile");
        Assert.Equal("visible", profile.GetProperty("visibility_status").GetString());
        Assert.Equal("ann.lee@example.com", profile.GetProperty("email").GetString());
        Assert.Equal(175.5m, profile.GetProperty("lifetime_value").GetDecimal());
        Assert.Equal(3, profile.GetProperty("total_transactions").GetInt64());
        Assert.Equal("Bronze", profile.GetProperty("tier").GetString());
        Assert.Equal("crm", profile.GetProperty("acquisition_source").GetString());
        var identifiers = root.GetProperty("identifiers").EnumerateArray()
            .ToDictionary(i => i.GetProperty("identifier").GetString()!, i => i.GetProperty("is_strong").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["crm:7"] = true, ["email:ann.lee@example.com"] = true, ["shop:u-9"] = true, ["device:d-1"] = false }, identifiers);
        // Every strong identifier but the one Ann's ID derives from derives an ID of its own that resolves to Ann.
        Assert.Equal(Aliases, AliasesOf(root));
    }

    [Fact]
    public async Task An_unknown_key_is_404_with_a_hint()
    {
        using var response = await host.Client.GetAsync("/v1/customers/nobody%40example.com");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("nobody@example.com", problem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("hint").GetString()));
    }

    [Theory]
    [InlineData("month", "2025-01-01=100;2025-02-01=50;2025-04-01=25.5")]
    [InlineData("quarter", "2025-01-01=150;2025-04-01=25.5")]
    [InlineData("year", "2025-01-01=175.5")]
    [InlineData(null, "2025-01-01=100;2025-02-01=50;2025-04-01=25.5")]
    public async Task Periods_are_the_customers_revenue_per_calendar_period(string? grain, string expected)
    {
        using var answer = await GetAsync($"/v1/customers/{OldAnn}/periods" + (grain is null ? "" : $"?grain={grain}"));
        Assert.Equal(Ann, answer.RootElement.GetProperty("customer_id").GetString());
        Assert.Equal(grain ?? "month", answer.RootElement.GetProperty("grain").GetString());
        var periods = answer.RootElement.GetProperty("periods").EnumerateArray()
            .Select(p => $"{p.GetProperty("period_start").GetString()}={p.GetProperty("revenue").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Assert.Equal(expected, string.Join(';', periods));
    }

    [Fact]
    public async Task A_grain_that_does_not_exist_is_400()
    {
        using var response = await host.Client.GetAsync($"/v1/customers/{Ann}/periods?grain=week");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("week", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_come_newest_first_and_merges_name_the_old_id()
    {
        using var orders = await GetAsync("/v1/customers/crm:7/orders");
        Assert.Equal(["a-3", "a-2", "a-1"], orders.RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order_id").GetString()!));
        Assert.False(orders.RootElement.GetProperty("more").GetBoolean());

        using var merges = await GetAsync($"/v1/customers/{Ann}/merges");
        var merge = Assert.Single(merges.RootElement.GetProperty("merges").EnumerateArray());
        Assert.Equal(OldAnn, merge.GetProperty("merged_id").GetString());
        Assert.Equal(Ann, merge.GetProperty("survivor_id").GetString());
        Assert.Equal("same_source_id", merge.GetProperty("reason").GetString());
        Assert.Equal(MergedAt, merge.GetProperty("merged_at").GetDateTime().ToUniversalTime());
        Assert.Equal(Aliases, AliasesOf(merges.RootElement));

        using var none = await GetAsync($"/v1/customers/{Bo}/merges");
        Assert.Equal(0, none.RootElement.GetProperty("merges").GetArrayLength());
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ann.lee@example.com")]
    [InlineData("shop:u-9")]
    [InlineData("old id")]
    public async Task Explain_names_the_records_that_linked_the_identifiers_the_survivor_rule_the_device_and_the_merge(string key)
    {
        var asked = key switch { "id" => Ann, "old id" => OldAnn, _ => key };
        using var answer = await GetAsync($"/v1/customers/{Uri.EscapeDataString(asked)}/explain");
        var root = answer.RootElement;
        Assert.Equal(Ann, root.GetProperty("customer_id").GetString());
        Assert.Equal(["crm:7", "email:ann.lee@example.com", "shop:u-9"], root.GetProperty("strong_identifiers").EnumerateArray().Select(i => i.GetString()!));
        // The chain walks out from the survivor's e-mail: one record per other strong identifier, oldest first.
        Assert.Equal(
            ["email:ann.lee@example.com>crm:7@customers_crm.csv:2", "email:ann.lee@example.com>shop:u-9@orders.csv:5"],
            Steps(root.GetProperty("evidence")));
        Assert.Equal(0, root.GetProperty("unexplained").GetArrayLength());
        var survivor = root.GetProperty("survivor");
        Assert.Equal("email:ann.lee@example.com", survivor.GetProperty("identifier").GetString());
        Assert.Equal("crm", survivor.GetProperty("acquisition_source").GetString());
        var device = Assert.Single(root.GetProperty("weak_identifiers").EnumerateArray());
        Assert.Equal(("device:d-1", "crm:7", "web.ndjson:8"),
            (device.GetProperty("identifier").GetString(), device.GetProperty("logged_in_as").GetString(), device.GetProperty("source_ref").GetString()));
        // Every record between two of Ann's identifiers, as recorded; Bo's older login on the device is his, not an edge of Ann's.
        Assert.Equal(
            ["crm:7>email:ann.lee@example.com@customers_crm.csv:2", "device:d-1>crm:7@web.ndjson:8", "shop:u-9>email:ann.lee@example.com@orders.csv:5"],
            Steps(root.GetProperty("records")).Order(StringComparer.Ordinal));
        var record = root.GetProperty("records").EnumerateArray().First(r => r.GetProperty("source_ref").GetString() == "orders.csv:5");
        Assert.Equal(("shop", MergedAt), (record.GetProperty("source_system").GetString(), record.GetProperty("record_ts").GetDateTime().ToUniversalTime()));
        Assert.Equal(OldAnn, Assert.Single(root.GetProperty("merges").EnumerateArray()).GetProperty("merged_id").GetString());
        Assert.Equal(Aliases, AliasesOf(root));
    }

    [Fact]
    public async Task Explain_of_an_unknown_key_is_404_with_a_hint()
    {
        using var response = await host.Client.GetAsync("/v1/customers/crm%3Anobody/explain");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("crm:nobody", problem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("hint").GetString()));
    }

    private static IEnumerable<string> Steps(JsonElement links) => links.EnumerateArray().Select(e =>
        $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}@{e.GetProperty("source_ref").GetString()}");

    [Theory]
    [InlineData("ann.lee@example.com", "Ann", "key")]
    [InlineData("ann", "Ann", "email")]
    [InlineData("LEE", "Ann", "name")]
    [InlineData("ann lee", "Ann", "name")]
    [InlineData("khan", "Bo", "name")]
    [InlineData("bo.k", "Bo", "email")]
    public async Task Search_finds_customers_by_key_or_by_the_start_of_an_email_or_name(string q, string who, string matchedBy)
    {
        using var answer = await GetAsync($"/v1/customers?q={Uri.EscapeDataString(q)}");
        var first = answer.RootElement.GetProperty("customers").EnumerateArray().First();
        Assert.Equal(who == "Ann" ? Ann : Bo, first.GetProperty("customer_id").GetString());
        Assert.Equal(matchedBy, first.GetProperty("matched_by").GetString());
        Assert.Equal(answer.RootElement.GetProperty("customers").GetArrayLength(),
            answer.RootElement.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("customer_id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Search_without_a_match_is_empty_and_without_a_query_is_400()
    {
        using var answer = await GetAsync("/v1/customers?q=zzz-nobody");
        Assert.Equal(0, answer.RootElement.GetProperty("customers").GetArrayLength());
        using var missing = await host.Client.GetAsync("/v1/customers?q=%20");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task The_count_is_the_visible_customers_with_every_bucket_beside_it()
    {
        using var answer = await GetAsync("/v1/audit/customers");
        Assert.Equal(2, answer.RootElement.GetProperty("customers").GetInt64());
        Assert.Equal(3, answer.RootElement.GetProperty("profiles").GetInt64());
        var buckets = answer.RootElement.GetProperty("by_visibility").EnumerateArray()
            .Select(b => $"{b.GetProperty("visibility_status").GetString()}={b.GetProperty("customers").GetInt64()}");
        Assert.Equal(["visible=2", "test=1", "deleted=0", "anonymous=0"], buckets);
        Assert.Contains(answer.RootElement.GetProperty("derivation").EnumerateArray(), l => l.GetString()!.Contains("mart.customer_count_audit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pipeline_shows_what_ingest_wrote_and_what_a_stage_has_not_processed()
    {
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = host.Kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync(Topics.IngestCustomers, new Message<string, string> { Key = $"k{i}", Value = "v" });
            }
        }

        // The sampler looks every second: wait for a look that saw the five records.
        JsonElement ingest = default, identity = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var answer = await GetAsync("/v1/pipeline");
            var stages = answer.RootElement.GetProperty("stages").EnumerateArray().ToList();
            Assert.Equal(["ingest", "identity"], stages.Select(s => s.GetProperty("name").GetString()!));
            ingest = stages[0].Clone();
            identity = stages[1].Clone();
            if (ingest.GetProperty("processed").GetInt64() >= 5)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Equal(5, ingest.GetProperty("processed").GetInt64());
        Assert.Equal(JsonValueKind.Null, ingest.GetProperty("lag").ValueKind);
        Assert.Equal(5, identity.GetProperty("lag").GetInt64());
        Assert.Equal("test-identity", identity.GetProperty("consumer_group").GetString());
        // The stage processed nothing: it is not fresh (0 would mean caught up).
        var freshness = identity.GetProperty("freshness_seconds");
        Assert.True(freshness.ValueKind == JsonValueKind.Null || freshness.GetDouble() > 0, $"identity freshness {freshness}");
        Assert.True(identity.GetProperty("history").GetArrayLength() >= 1);
        // Ingest rejects rather than dead-letters; a consuming stage has a count (its topic may not exist yet: then 0).
        Assert.Equal(JsonValueKind.Null, ingest.GetProperty("dead_lettered").ValueKind);
        Assert.True(identity.GetProperty("dead_lettered").GetInt64() >= 0);
    }

    [Fact]
    public async Task The_pipeline_counts_each_stages_dead_letters_as_status_does()
    {
        var topic = DeadLetters.TopicOf("identity");
        await host.Kafka.CreateTopicAsync(topic, 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = host.Kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 2; i++)
            {
                await producer.ProduceAsync(topic, DeadLetters.Create(
                    "identity", Topics.IngestCustomers, 0, i, new Timestamp(DateTime.UtcNow), [1], [0xff], null, new InvalidDataException("not Confluent-framed")));
            }
        }

        long? dead = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && dead != 2)
        {
            await Task.Delay(500);
            using var answer = await GetAsync("/v1/pipeline");
            dead = answer.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "identity").GetProperty("dead_lettered").GetInt64();
        }

        Assert.Equal(2, dead);

        // The same count read directly, and a stage whose dead-letter topic was never created has none.
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = host.Kafka.BootstrapServers, GroupId = "dead-letter-count-test" }).Build();
        Assert.Equal(
            [new DeadLetterCount("identity", topic, 2), new DeadLetterCount("never-started", "never-started.dead-letter.v1", 0)],
            DeadLetterCounts.Read(consumer, ["identity", "never-started"], TimeSpan.FromSeconds(30)));
    }

    private static readonly Dictionary<string, string> Aliases = new()
    {
        [OldAnn] = "shop:u-9",
        [CustomerStream.Contracts.Primitives.Customer360Id.From(CustomerStream.Contracts.Primitives.Identifier.SourceId("crm", "7")).Value] = "crm:7",
    };

    private static Dictionary<string, string> AliasesOf(JsonElement answer) =>
        answer.GetProperty("aliases").EnumerateArray().ToDictionary(a => a.GetProperty("alias_id").GetString()!, a => a.GetProperty("identifier").GetString()!);

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await host.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}

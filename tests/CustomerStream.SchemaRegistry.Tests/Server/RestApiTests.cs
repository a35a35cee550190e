using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;

namespace CustomerStream.SchemaRegistry.Tests.Server;

/// <summary>Every endpoint of the REST subset, over a real socket, with Confluent's bodies and error codes.</summary>
public sealed class RestApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string V1 = """{"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"}]}""";
    private const string V2 = """{"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"},{"name":"size","type":["null","int"],"default":null}]}""";
    private const string V2Incompatible = """{"type":"record","name":"Thing","namespace":"test","fields":[{"name":"id","type":"string"},{"name":"loyalty_tier","type":"string"}]}""";

    [Fact]
    public async Task Registering_answers_the_id_in_the_registry_content_type()
    {
        var subject = Unique.Name("reg") + "-value";

        using var response = await PostAsync($"subjects/{subject}/versions", new JsonObject { ["schema"] = V1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.schemaregistry.v1+json", response.Content.Headers.ContentType?.MediaType);
        var id = (await Body(response))["id"]!.GetValue<int>();
        Assert.True(id > 0);
    }

    [Fact]
    public async Task The_same_schema_gets_the_same_id_under_every_subject_and_registering_again_adds_no_version()
    {
        var a = Unique.Name("same-a");
        var b = Unique.Name("same-b");
        var reformatted = JsonNode.Parse(V1)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        var first = await RegisterAsync(a, V1);
        var again = await RegisterAsync(a, reformatted);
        var other = await RegisterAsync(b, V1);

        Assert.Equal(first, again);
        Assert.Equal(first, other);
        Assert.Equal(new[] { 1 }, await GetJsonAsync<int[]>($"subjects/{a}/versions"));
    }

    [Fact]
    public async Task Versions_are_listed_and_read_by_number_latest_and_raw_schema()
    {
        var subject = Unique.Name("ver");
        var id1 = await RegisterAsync(subject, V1);
        var id2 = await RegisterAsync(subject, V2);

        Assert.Equal(new[] { 1, 2 }, await GetJsonAsync<int[]>($"subjects/{subject}/versions"));
        var latest = await GetBodyAsync($"subjects/{subject}/versions/latest");
        Assert.Equal(subject, latest["subject"]!.GetValue<string>());
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal(id2, latest["id"]!.GetValue<int>());
        var first = await GetBodyAsync($"subjects/{subject}/versions/1");
        Assert.Equal(id1, first["id"]!.GetValue<int>());
        var raw = await GetBodyAsync($"subjects/{subject}/versions/2/schema");
        Assert.Equal("Thing", raw["name"]!.GetValue<string>());
        Assert.Equal(2, raw["fields"]!.AsArray().Count);
        Assert.Contains(subject, await GetJsonAsync<string[]>("subjects"));
    }

    [Fact]
    public async Task A_schema_is_read_by_id_and_its_uses_are_listed()
    {
        var subject = Unique.Name("byid");
        var id = await RegisterAsync(subject, V1);

        var body = await GetBodyAsync($"schemas/ids/{id}");
        var schema = JsonNode.Parse(body["schema"]!.GetValue<string>())!;
        Assert.Equal("test.Thing", $"{schema["namespace"]}.{schema["name"]}");
        var uses = await GetBodyAsync($"schemas/ids/{id}/versions");
        Assert.Contains(uses.AsArray(), u => u!["subject"]!.GetValue<string>() == subject && u["version"]!.GetValue<int>() == 1);
        Assert.Equal(new[] { "AVRO" }, await GetJsonAsync<string[]>("schemas/types"));
    }

    [Fact]
    public async Task Lookup_finds_the_version_that_holds_a_schema()
    {
        var subject = Unique.Name("lookup");
        var id = await RegisterAsync(subject, V1);
        await RegisterAsync(subject, V2);

        using var response = await PostAsync($"subjects/{subject}", new JsonObject { ["schema"] = V1 });
        var body = await Body(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body["version"]!.GetValue<int>());
        Assert.Equal(id, body["id"]!.GetValue<int>());
        await AssertErrorAsync(await PostAsync($"subjects/{subject}", new JsonObject { ["schema"] = V2Incompatible }), 404, 40403);
        await AssertErrorAsync(await PostAsync($"subjects/{Unique.Name("none")}", new JsonObject { ["schema"] = V1 }), 404, 40401);
    }

    [Fact]
    public async Task An_incompatible_schema_is_refused_with_409_naming_the_field()
    {
        var subject = Unique.Name("incompat");
        await RegisterAsync(subject, V1);

        using var response = await PostAsync($"subjects/{subject}/versions", new JsonObject { ["schema"] = V2Incompatible });

        var message = await AssertErrorAsync(response, 409, 409);
        Assert.Contains("loyalty_tier", message);
        Assert.Contains("BACKWARD", message);
        Assert.Equal(new[] { 1 }, await GetJsonAsync<int[]>($"subjects/{subject}/versions"));
    }

    [Fact]
    public async Task Compatibility_is_tested_against_a_version_latest_or_all_with_verbose_messages()
    {
        var subject = Unique.Name("compat");
        await RegisterAsync(subject, V1);

        var ok = await PostBodyAsync($"compatibility/subjects/{subject}/versions/latest", new JsonObject { ["schema"] = V2 });
        var bad = await PostBodyAsync($"compatibility/subjects/{subject}/versions/1?verbose=true", new JsonObject { ["schema"] = V2Incompatible });
        var all = await PostBodyAsync($"compatibility/subjects/{subject}/versions", new JsonObject { ["schema"] = V2Incompatible });
        var fresh = await PostBodyAsync($"compatibility/subjects/{Unique.Name("fresh")}/versions/latest", new JsonObject { ["schema"] = V1 });

        Assert.True(ok["is_compatible"]!.GetValue<bool>());
        Assert.False(bad["is_compatible"]!.GetValue<bool>());
        Assert.Contains(bad["messages"]!.AsArray(), m => m!.GetValue<string>().Contains("loyalty_tier", StringComparison.Ordinal));
        Assert.False(all["is_compatible"]!.GetValue<bool>());
        Assert.Null(all["messages"]);
        Assert.True(fresh["is_compatible"]!.GetValue<bool>());
        await AssertErrorAsync(await PostAsync($"compatibility/subjects/{subject}/versions/7", new JsonObject { ["schema"] = V2 }), 404, 40402);
    }

    [Fact]
    public async Task Config_is_read_and_set_globally_and_per_subject()
    {
        var subject = Unique.Name("cfg");

        var global = await GetBodyAsync("config");
        Assert.Contains(global["compatibilityLevel"]!.GetValue<string>(), new[] { "BACKWARD", "NONE", "FULL", "FORWARD", "BACKWARD_TRANSITIVE", "FORWARD_TRANSITIVE", "FULL_TRANSITIVE" });
        await AssertErrorAsync(await Http.GetAsync($"config/{subject}"), 404, 40408);
        Assert.Equal(global["compatibilityLevel"]!.GetValue<string>(), (await GetBodyAsync($"config/{subject}?defaultToGlobal=true"))["compatibilityLevel"]!.GetValue<string>());

        using var put = await SendAsync(HttpMethod.Put, $"config/{subject}", new JsonObject { ["compatibility"] = "full_transitive" });
        Assert.Equal("FULL_TRANSITIVE", (await Body(put))["compatibility"]!.GetValue<string>());
        Assert.Equal("FULL_TRANSITIVE", (await GetBodyAsync($"config/{subject}"))["compatibilityLevel"]!.GetValue<string>());

        await AssertErrorAsync(await SendAsync(HttpMethod.Put, $"config/{subject}", new JsonObject { ["compatibility"] = "SIDEWAYS" }), 422, 42203);
        using var delete = await Http.DeleteAsync($"config/{subject}");
        Assert.Equal("FULL_TRANSITIVE", (await Body(delete))["compatibilityLevel"]!.GetValue<string>());
        await AssertErrorAsync(await Http.GetAsync($"config/{subject}"), 404, 40408);
    }

    [Fact]
    public async Task The_subject_level_decides_what_registers()
    {
        var subject = Unique.Name("level");
        await RegisterAsync(subject, V1);
        using (await SendAsync(HttpMethod.Put, $"config/{subject}", new JsonObject { ["compatibility"] = "NONE" }))
        {
        }

        var id = await RegisterAsync(subject, V2Incompatible);

        Assert.True(id > 0);
        Assert.Equal(new[] { 1, 2 }, await GetJsonAsync<int[]>($"subjects/{subject}/versions"));
    }

    [Fact]
    public async Task Deleting_is_soft_first_then_permanent()
    {
        var subject = Unique.Name("del");
        var id = await RegisterAsync(subject, V1);
        await RegisterAsync(subject, V2);

        await AssertErrorAsync(await Http.DeleteAsync($"subjects/{subject}/versions/1?permanent=true"), 404, 40407);
        using (var soft = await Http.DeleteAsync($"subjects/{subject}/versions/1"))
        {
            Assert.Equal(1, (await Body(soft)).GetValue<int>());
        }

        Assert.Equal(new[] { 2 }, await GetJsonAsync<int[]>($"subjects/{subject}/versions"));
        Assert.Equal(new[] { 1, 2 }, await GetJsonAsync<int[]>($"subjects/{subject}/versions?deleted=true"));
        await AssertErrorAsync(await Http.GetAsync($"subjects/{subject}/versions/1"), 404, 40402);
        await AssertErrorAsync(await Http.DeleteAsync($"subjects/{subject}/versions/1"), 404, 40406);
        await AssertErrorAsync(await Http.DeleteAsync($"subjects/{subject}?permanent=true"), 404, 40405);

        using (var all = await Http.DeleteAsync($"subjects/{subject}"))
        {
            Assert.Equal(new[] { 2 }, (await Body(all)).AsArray().Select(v => v!.GetValue<int>()));
        }

        Assert.DoesNotContain(subject, await GetJsonAsync<string[]>("subjects"));
        Assert.Contains(subject, await GetJsonAsync<string[]>("subjects?deleted=true"));
        await AssertErrorAsync(await Http.GetAsync($"subjects/{subject}/versions"), 404, 40401);
        using (var permanent = await Http.DeleteAsync($"subjects/{subject}?permanent=true"))
        {
            Assert.Equal(new[] { 1, 2 }, (await Body(permanent)).AsArray().Select(v => v!.GetValue<int>()));
        }

        Assert.DoesNotContain(subject, await GetJsonAsync<string[]>("subjects?deleted=true"));
        // Data written with the schema stays readable: ids outlive their subjects.
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"schemas/ids/{id}")).StatusCode);
    }

    [Fact]
    public async Task Not_found_cases_answer_their_codes()
    {
        var missing = Unique.Name("missing");
        await AssertErrorAsync(await Http.GetAsync($"subjects/{missing}/versions"), 404, 40401);
        await AssertErrorAsync(await Http.GetAsync($"subjects/{missing}/versions/latest"), 404, 40401);
        await AssertErrorAsync(await Http.DeleteAsync($"subjects/{missing}"), 404, 40401);
        await AssertErrorAsync(await Http.GetAsync("schemas/ids/987654"), 404, 40403);
        await AssertErrorAsync(await Http.GetAsync("schemas/ids/abc"), 404, 40403);

        var subject = Unique.Name("nf");
        await RegisterAsync(subject, V1);
        await AssertErrorAsync(await Http.GetAsync($"subjects/{subject}/versions/9"), 404, 40402);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("x")]
    [InlineData("99999999999")]
    public async Task An_invalid_version_answers_42202(string version)
    {
        var subject = Unique.Name("badver");
        await RegisterAsync(subject, V1);

        await AssertErrorAsync(await Http.GetAsync($"subjects/{subject}/versions/{version}"), 422, 42202);
    }

    [Theory]
    [InlineData("""{"schema": "{\"type\": \"recrd\"}"}""", 422, 42201)]
    [InlineData("""{"schema": "not json at all"}""", 422, 42201)]
    [InlineData("""{"schema": "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}"}""", 422, 42201)]
    [InlineData("""{"schema": "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}"}""", 422, 42201)]
    [InlineData("""{"schema": ""}""", 422, 42201)]
    [InlineData("""{}""", 422, 42201)]
    [InlineData("""{"schema": "\"string\"", "schemaType": "PROTOBUF"}""", 422, 42201)]
    [InlineData("""{"schema": "\"string\"", "references": [{"name": "x", "subject": "y", "version": 1}]}""", 422, 42201)]
    [InlineData("""{"schema": 5}""", 400, 400)]
    [InlineData("""[1, 2""", 400, 400)]
    [InlineData("", 400, 400)]
    public async Task Bad_registrations_get_4xx_with_a_message_never_a_500(string body, int status, int code)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await Http.PostAsync($"subjects/{Unique.Name("bad")}/versions", content);

        var message = await AssertErrorAsync(response, status, code);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Theory]
    [InlineData("bad%01subject")]
    [InlineData("%20%20")]
    public async Task An_invalid_subject_answers_42208(string subject)
    {
        await AssertErrorAsync(await PostAsync($"subjects/{subject}/versions", new JsonObject { ["schema"] = V1 }), 422, 42208);
    }

    [Fact]
    public async Task Subjects_with_unicode_and_dots_work()
    {
        var subject = $"{Unique.Name("ünï.cødé")}-value";

        await RegisterAsync(Uri.EscapeDataString(subject), V1);

        Assert.Contains(subject, await GetJsonAsync<string[]>("subjects"));
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_json_errors()
    {
        await AssertErrorAsync(await Http.GetAsync("no/such/endpoint"), 404, 404);
        await AssertErrorAsync(await Http.PatchAsync("subjects", new StringContent("{}")), 405, 405);
    }

    [Fact]
    public async Task Requests_in_the_confluent_content_type_are_accepted()
    {
        var subject = Unique.Name("ct");
        using var content = new StringContent(new JsonObject { ["schema"] = V1 }.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.schemaregistry.v1+json");

        using var response = await Http.PostAsync($"subjects/{subject}/versions", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Http => registry.Http;

    private async Task<int> RegisterAsync(string subject, string schema)
    {
        using var response = await PostAsync($"subjects/{subject}/versions", new JsonObject { ["schema"] = schema });
        var body = await Body(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body["id"]!.GetValue<int>();
    }

    private Task<HttpResponseMessage> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode body) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });

    private async Task<JsonNode> PostBodyAsync(string path, JsonNode body)
    {
        using var response = await PostAsync(path, body);
        var json = await Body(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    private async Task<JsonNode> GetBodyAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var json = await Body(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    private async Task<T> GetJsonAsync<T>(string path) => (await GetBodyAsync(path)).Deserialize<T>()!;

    private static async Task<JsonNode> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, int errorCode)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected HTTP {status}, got {(int)response.StatusCode}: {text}");
            var body = JsonNode.Parse(text)!;
            Assert.Equal(errorCode, body["error_code"]!.GetValue<int>());
            return body["message"]!.GetValue<string>();
        }
    }
}

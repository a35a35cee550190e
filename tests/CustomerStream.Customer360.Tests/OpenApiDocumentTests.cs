using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerStream.Customer360.Tests;

/// <summary>
/// The OpenAPI document checked in as services/Customer360/openapi.json is the one the service serves: a change
/// of the API that is not in the file (or the other way round) fails here. After a deliberate change, run the
/// test with <c>CS_UPDATE_OPENAPI=1</c> to rewrite the file, and review the difference.
/// </summary>
public sealed class OpenApiDocumentTests(ReadApiHost host) : IClassFixture<ReadApiHost>
{
    [Fact]
    public async Task The_served_document_is_the_checked_in_one()
    {
        var served = JsonNode.Parse(await host.Client.GetStringAsync(Customer360Extensions.OpenApiPath))!;
        var path = Path.Combine(RepositoryRoot(), "services", "Customer360", "openapi.json");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("CS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with CS_UPDATE_OPENAPI=1 to write it");
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(checkedIn, served),
            $"The served OpenAPI document differs from {path}. If the API change is meant, run this test with CS_UPDATE_OPENAPI=1 and commit the file.\nServed:\n{text}");
    }

    [Fact]
    public async Task The_document_describes_every_read_and_the_key_they_need()
    {
        using var document = JsonDocument.Parse(await host.Client.GetStringAsync(Customer360Extensions.OpenApiPath));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["/v1/audit/customers", "/v1/customers", "/v1/customers/{key}", "/v1/customers/{key}/explain", "/v1/customers/{key}/merges", "/v1/customers/{key}/orders", "/v1/customers/{key}/periods", "/v1/pipeline"],
            paths.Order(StringComparer.Ordinal));
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Value;
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal(Customer360Options.ApiKeyHeader, scheme.GetProperty("name").GetString());
        var profile = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("CustomerProfile").GetProperty("properties");
        Assert.True(profile.TryGetProperty("lifetime_value", out _));
        var explanation = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("CustomerExplanation").GetProperty("properties");
        Assert.True(explanation.TryGetProperty("records", out _) && explanation.TryGetProperty("evidence", out _));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerStream.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CustomerStream.sln above {AppContext.BaseDirectory}");
    }
}

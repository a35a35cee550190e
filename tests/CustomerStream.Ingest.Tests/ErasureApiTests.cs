using System.Net;
using System.Text.Json;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Ingest.Erasure;

namespace CustomerStream.Ingest.Tests;

public sealed class ErasureApiTests
{
    [Fact]
    public async Task An_erasure_by_email_is_answered_202_once_the_ledger_holds_it_and_the_ledger_holds_no_address()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/erasures", """{"subject": " Ann@Example.COM ", "reason": "ticket 4711"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var erasureId = body.RootElement.GetProperty("erasure_id").GetString();
        Assert.StartsWith("era_", erasureId, StringComparison.Ordinal);
        Assert.Equal(ErasureRequest.IdentifierKind, body.RootElement.GetProperty("subject_kind").GetString());

        var ledger = Assert.Single(cluster.ReadAll<ErasureRequest>(Topics.ErasureRequests));
        Assert.Equal(erasureId, ledger.Key);
        Assert.Equal(Customer360Id.From(Identifier.Parse("email:ann@example.com")).Value, ledger.Value.Subject);
        Assert.Equal("api", ledger.Value.RequestedBy);
        Assert.Equal("ticket 4711", ledger.Value.Reason);
        Assert.DoesNotContain("ann", JsonSerializer.Serialize(ledger.Value), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"subject": "device:d-1"}""")]
    [InlineData("""{"subject": "not a person"}""")]
    [InlineData("""{"reason": "no subject"}""")]
    [InlineData("""{"subject": """)]
    public async Task A_request_that_names_no_person_is_answered_400_and_writes_nothing(string json)
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/erasures", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
        Assert.Empty(cluster.ReadAll<ErasureRequest>(Topics.ErasureRequests));
    }

    [Fact]
    public async Task An_erasure_without_the_api_key_is_answered_401_and_writes_nothing()
    {
        using var cluster = new IngestCluster();
        await using var server = await IngestApiServer.StartAsync(cluster);

        var response = await server.PostAsync("/v1/erasures", """{"subject": "crm:123"}""", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(cluster.ReadAll<ErasureRequest>(Topics.ErasureRequests));
    }

    [Theory]
    [InlineData("c360_7k2m9q4x8w1z3n5p6r8t", "c360_7k2m9q4x8w1z3n5p6r8t", ErasureRequest.CustomerIdKind)]
    [InlineData(" ANN@example.com", "email:ann@example.com", ErasureRequest.IdentifierKind)]
    [InlineData("email:ann@example.com", "email:ann@example.com", ErasureRequest.IdentifierKind)]
    [InlineData("CRM: 123 ", "crm:123", ErasureRequest.IdentifierKind)]
    public void A_subject_becomes_the_customer_id_or_the_id_its_identifier_derives(string given, string expected, string kind)
    {
        var (subject, subjectKind) = ErasureSubject.Parse(given);

        Assert.Equal(kind, subjectKind);
        Assert.Equal(expected.StartsWith("c360_", StringComparison.Ordinal) ? expected : Customer360Id.From(Identifier.Parse(expected)).Value, subject);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace CustomerStream.SchemaRegistry.Server.Api;

/// <summary>
/// Reads JSON request bodies whatever their declared content type: Confluent's clients send
/// <c>application/vnd.schemaregistry.v1+json</c>, curl users send <c>application/json</c> or nothing.
/// </summary>
internal static class RequestBodies
{
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw RegistryErrors.BadRequest($"The request body is larger than {MaxBodyBytes / 1024 / 1024} MB.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            throw RegistryErrors.BadRequest("The request has no body; send a JSON object such as {\"schema\": \"...\"}.");
        }

        if (buffer.Length > MaxBodyBytes)
        {
            throw RegistryErrors.BadRequest($"The request body is larger than {MaxBodyBytes / 1024 / 1024} MB.");
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type)
                ?? throw RegistryErrors.BadRequest("The request body is JSON null; send a JSON object.");
        }
        catch (JsonException e)
        {
            throw RegistryErrors.BadRequest($"The request body is not the JSON this endpoint expects: {e.Message}");
        }
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CustomerStream.Customer360.Api;

/// <summary>Names the document and declares the read API key (header <c>X-Api-Key</c>) that every operation needs.</summary>
internal sealed class OpenApiKeyTransformer : IOpenApiDocumentTransformer
{
    private const string Scheme = "ReadApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CustomerStream Customer 360 read API",
            Version = "v1",
            Description = "Read-only answers from the marts: one customer by any key, its periods, orders and merges, search, the customer count, and the pipeline's state.",
        };
        // The host's addresses differ per run; the document is the same everywhere.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Customer360Options.ApiKeyHeader,
                Description = "One of Customer360:ApiKeys (read_api_key in .customerstream/endpoints.json).",
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }
}

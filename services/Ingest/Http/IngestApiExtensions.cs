using CustomerStream.Ingest.Normalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerStream.Ingest.Http;

/// <summary>The ingest HTTP API as building blocks of any host: alone (<c>run ingest-api</c>) or with the other services (<c>up</c>, <c>demo</c>).</summary>
public static class IngestApiExtensions
{
    /// <summary>Binds and validates <see cref="IngestApiOptions"/> (section <c>Ingest:Api</c>, checked at start-up) and registers the handler.</summary>
    /// <remarks>The ingest core (<see cref="IngestServiceCollectionExtensions.AddIngest"/>) must be registered too.</remarks>
    public static IServiceCollection AddIngestApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestApiOptions>()
            .Bind(configuration.GetSection(IngestApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IngestApiHandler>();
        services.TryAddSingleton<ErasureApiHandler>();
        return services;
    }

    /// <summary>Maps <c>POST /v1/customers</c>, <c>/v1/orders</c>, <c>/v1/web-events</c> and <c>/v1/erasures</c>.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1");
        Map(v1, "/customers", IngestEntity.Customers);
        Map(v1, "/orders", IngestEntity.Orders);
        Map(v1, "/web-events", IngestEntity.WebEvents);
        v1.MapPost("/erasures", (HttpContext http, ErasureApiHandler handler, CancellationToken cancellationToken) => handler.HandleAsync(http, cancellationToken))
            .WithName("erasure-request")
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// Makes a host that runs the API alone listen where <c>Ingest:Api:Url</c> says. Without it, the host's own
    /// <c>urls</c> setting (<c>ASPNETCORE_URLS</c>, which the container image sets to port 8080) decides, and
    /// only when neither is set does it listen on loopback (<see cref="IngestApiOptions.DefaultUrl"/>).
    /// </summary>
    public static WebApplicationBuilder UseIngestApiUrl(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[$"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.Url)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            builder.WebHost.UseUrls(configured);
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(IngestApiOptions.DefaultUrl);
        }

        return builder;
    }

    private static void Map(RouteGroupBuilder group, string path, IngestEntity entity) =>
        group.MapPost(path, (HttpContext http, IngestApiHandler handler, CancellationToken cancellationToken) => handler.HandleAsync(http, entity, cancellationToken))
            .WithName($"ingest-{entity.EntityName()}")
            .DisableAntiforgery();
}

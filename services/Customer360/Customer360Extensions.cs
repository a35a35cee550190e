using System.Text.Json;
using CustomerStream.Customer360.Api;
using CustomerStream.Customer360.Page;
using CustomerStream.Customer360.Pipeline;
using CustomerStream.Projection.Queries;
using CustomerStream.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerStream.Customer360;

/// <summary>
/// The Customer 360 console (read API, OpenAPI document, page) as building blocks of any host: alone
/// (<c>customerstream run console</c>, a container) or next to the other services (<c>up</c>, <c>demo</c>).
/// </summary>
public static class Customer360Extensions
{
    /// <summary>Where the page is served.</summary>
    public const string PagePath = "/console";

    /// <summary>Name of the OpenAPI document, served at <see cref="OpenApiPath"/>.</summary>
    public const string DocumentName = "customer360";

    /// <summary>Where the OpenAPI document is served (and what services/Customer360/openapi.json holds).</summary>
    public const string OpenApiPath = "/openapi/" + DocumentName + ".json";

    /// <summary>
    /// Binds and validates <see cref="Customer360Options"/> (section <c>Customer360</c>, checked at start-up), opens a
    /// read-only connection pool on <c>ConnectionStrings:Postgres</c>, and starts the pipeline sampler over
    /// <paramref name="stages"/>. Kafka comes from the host's defaults (<c>AddCustomerStreamDefaults</c>).
    /// </summary>
    public static IServiceCollection AddCustomer360(this IServiceCollection services, IConfiguration configuration, PipelineStages stages)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Customer360Options>()
            .Bind(configuration.GetSection(Customer360Options.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddKeyedSingleton(DocumentName, (provider, _) => new ApiKeySet(provider.GetRequiredService<IOptions<Customer360Options>>().Value.ApiKeys));
        services.TryAddSingleton(_ => new CustomerReads(ReadOnlyDataSource(configuration)));
        services.TryAddSingleton(stages);
        services.TryAddSingleton<PipelineSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<PipelineSampler>());
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Customer360JsonContext.Default);
        });
        services.AddOpenApi(DocumentName, o =>
        {
            // Only the read API: a host that also runs the ingest API describes that one elsewhere.
            o.ShouldInclude = description => description.GroupName == DocumentName;
            o.AddDocumentTransformer<OpenApiKeyTransformer>();
        });
        return services;
    }

    /// <summary>Maps the read API under <c>/v1</c> (key required), its OpenAPI document and the page at <c>/console</c>.</summary>
    public static IEndpointRouteBuilder MapCustomer360(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var v1 = endpoints.MapGroup("/v1").WithGroupName(DocumentName).WithTags("Customer 360")
            .AddEndpointFilter(async (context, next) => context.HttpContext.RequestServices.GetRequiredKeyedService<ApiKeySet>(DocumentName)
                    .Accepts(context.HttpContext.Request.Headers[Customer360Options.ApiKeyHeader])
                ? await next(context)
                : TypedResults.Json(
                    new ReadProblem($"missing or invalid {Customer360Options.ApiKeyHeader} header", "send one of the keys configured in Customer360:ApiKeys (read_api_key in .customerstream/endpoints.json)"),
                    Customer360JsonContext.Default.ReadProblem, statusCode: StatusCodes.Status401Unauthorized))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ReadProblem), ["application/json"]));
        CustomerEndpoints.Map(v1);
        // The default pattern, /openapi/{documentName}.json: the document is named by the route.
        endpoints.MapOpenApi();
        ConsolePage.Map(endpoints);
        return endpoints;
    }

    /// <summary>
    /// Makes a host that runs the console alone listen where <c>Customer360:Url</c> says; without it the host's own
    /// <c>urls</c> (<c>ASPNETCORE_URLS</c>) decides, and only when neither is set, loopback (<see cref="Customer360Options.DefaultUrl"/>).
    /// </summary>
    public static WebApplicationBuilder UseCustomer360Url(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[$"{Customer360Options.SectionName}:{nameof(Customer360Options.Url)}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            builder.WebHost.UseUrls(configured);
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(Customer360Options.DefaultUrl);
        }

        return builder;
    }

    // The console only reads: every transaction of its pool is read-only, whatever role the connection string names.
    private static NpgsqlDataSource ReadOnlyDataSource(IConfiguration configuration)
    {
        var connectionString = configuration[ConfigurationKeys.Postgres];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"The console reads the marts and no PostgreSQL is configured: set {ConfigurationKeys.Postgres} (environment {ConfigurationKeys.PostgresEnvironmentVariable}).");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "customerstream-console" };
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c default_transaction_read_only=on" : builder.Options + " -c default_transaction_read_only=on";
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}

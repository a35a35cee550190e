using CustomerStream.SchemaRegistry.Rest;
using CustomerStream.SchemaRegistry.Server.Rest;
using CustomerStream.SchemaRegistry.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>Maps the Confluent-compatible REST API of the registry onto a host's routes.</summary>
public static partial class SchemaRegistryEndpoints
{
    /// <summary>
    /// Maps the registry's endpoints under <paramref name="prefix"/> (e.g. <c>/schema-registry</c>, which then
    /// belongs in the registry URL given to clients; empty maps them at the root). Requires
    /// <see cref="SchemaRegistryServiceCollectionExtensions.AddSchemaRegistryServer"/>.
    /// </summary>
    public static RouteGroupBuilder MapSchemaRegistry(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(HandleFailures);
        var json = SchemaRegistryJsonContext.Default;

        group.MapGet("/", () => RegistryResults.Json(new Dictionary<string, string>(), json.DictionaryStringString));
        group.MapGet("/schemas/types", () => RegistryResults.Json(["AVRO"], json.StringArray));

        group.MapGet("/schemas/ids/{id}", async (string id, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(new SchemaByIdResponse(await registry.GetSchemaByIdAsync(id, ct)), json.SchemaByIdResponse));
        group.MapGet("/schemas/ids/{id}/versions", async (string id, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json((await registry.GetUsagesAsync(id, ct)).ToList(), json.ListSubjectVersionRef));
        group.MapGet("/schemas/ids/{id}/subjects", async (string id, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json((await registry.GetUsagesAsync(id, ct)).Select(u => u.Subject).Distinct().ToList(), json.ListString));

        group.MapGet("/subjects", async (HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json((await registry.GetSubjectsAsync(Flag(request, "deleted"), ct)).ToList(), json.ListString));
        group.MapGet("/subjects/{subject}/versions", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json((await registry.GetVersionsAsync(subject, Flag(request, "deleted"), ct)).ToList(), json.ListInt32));
        group.MapGet("/subjects/{subject}/versions/{version}", async (string subject, string version, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(await registry.GetVersionAsync(subject, version, Flag(request, "deleted"), ct), json.SubjectVersionResponse));
        group.MapGet("/subjects/{subject}/versions/{version}/schema", async (string subject, string version, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.RawJson((await registry.GetVersionAsync(subject, version, Flag(request, "deleted"), ct)).Schema));
        group.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.SchemaRequest, ct);
            return RegistryResults.Json(new SchemaIdResponse(await registry.RegisterAsync(subject, body, ct)), json.SchemaIdResponse);
        });
        group.MapPost("/subjects/{subject}", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.SchemaRequest, ct);
            return RegistryResults.Json(await registry.LookupAsync(subject, body, Flag(request, "deleted"), ct), json.SubjectVersionResponse);
        });
        group.MapDelete("/subjects/{subject}", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json((await registry.DeleteSubjectAsync(subject, Flag(request, "permanent"), ct)).ToList(), json.ListInt32));
        group.MapDelete("/subjects/{subject}/versions/{version}", async (string subject, string version, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(await registry.DeleteVersionAsync(subject, version, Flag(request, "permanent"), ct), json.Int32));

        group.MapPost("/compatibility/subjects/{subject}/versions/{version}", async (string subject, string version, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.SchemaRequest, ct);
            return RegistryResults.Json(await registry.TestCompatibilityAsync(subject, version, body, Flag(request, "verbose"), ct), json.CompatibilityResponse);
        });
        group.MapPost("/compatibility/subjects/{subject}/versions", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.SchemaRequest, ct);
            return RegistryResults.Json(await registry.TestCompatibilityAsync(subject, null, body, Flag(request, "verbose"), ct), json.CompatibilityResponse);
        });

        group.MapGet("/config", async (SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(new ConfigResponse((await registry.GetLevelAsync(null, true, ct)).ToRestName()), json.ConfigResponse));
        group.MapPut("/config", async (HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.ConfigUpdate, ct);
            return RegistryResults.Json(new ConfigUpdate((await registry.SetLevelAsync(null, body, ct)).ToRestName()), json.ConfigUpdate);
        });
        group.MapGet("/config/{subject}", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(new ConfigResponse((await registry.GetLevelAsync(subject, Flag(request, "defaultToGlobal"), ct)).ToRestName()), json.ConfigResponse));
        group.MapPut("/config/{subject}", async (string subject, HttpRequest request, SchemaRegistryService registry, CancellationToken ct) =>
        {
            var body = await RequestBodies.ReadAsync(request, json.ConfigUpdate, ct);
            return RegistryResults.Json(new ConfigUpdate((await registry.SetLevelAsync(subject, body, ct)).ToRestName()), json.ConfigUpdate);
        });
        group.MapDelete("/config/{subject}", async (string subject, SchemaRegistryService registry, CancellationToken ct) =>
            RegistryResults.Json(new ConfigResponse((await registry.DeleteLevelAsync(subject, ct)).ToRestName()), json.ConfigResponse));

        return group;
    }

    private static bool Flag(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refusals become Confluent's error bodies; store failures a 500 with code 50001; nothing escapes as an HTML page.</summary>
    private static async ValueTask<object?> HandleFailures(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RegistryException e)
        {
            return RegistryResults.Error(e.Status, e.ErrorCode, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals (body too large, body cut off): the client's fault, with Kestrel's status.
            return RegistryResults.Error(e.StatusCode, e.StatusCode, $"Bad request: {e.Message}");
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return Results.Empty;
        }
        catch (Exception e)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaRegistryEndpoints));
            LogFailure(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path, e);
            var message = e is NpgsqlException or TimeoutException
                ? $"The registry's store (PostgreSQL) failed: {e.Message}"
                : $"Internal error of the registry: {e.Message}";
            return RegistryResults.Error(500, SchemaRegistryErrorCodes.StoreError, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Schema Registry request {Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}

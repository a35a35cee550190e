using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerStream.SchemaRegistry.Server.Rest;
using Microsoft.AspNetCore.Http;

namespace CustomerStream.SchemaRegistry.Server.Api;

/// <summary>Responses in the registry's content type, serialized with the shared source-generated models.</summary>
internal static class RegistryResults
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        new BytesResult(JsonSerializer.SerializeToUtf8Bytes(value, type), status);

    /// <summary>A body that is already JSON text (a schema, for <c>/versions/{v}/schema</c>).</summary>
    public static IResult RawJson(string json) => new BytesResult(Encoding.UTF8.GetBytes(json), StatusCodes.Status200OK);

    public static IResult Error(int status, int errorCode, string message) =>
        Json(new ErrorResponse(errorCode, message), SchemaRegistryJsonContext.Default.ErrorResponse, status);

    /// <summary>Writes an error body for a status the routing produced itself (no route, wrong method).</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, int errorCode, string message) =>
        Error(status, errorCode, message).ExecuteAsync(context);

    private sealed class BytesResult(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = SchemaRegistryMediaTypes.V1Json;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}

using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CustomerStream.Customer360.Page;

/// <summary>
/// Serves the console page: three files embedded in this assembly (wwwroot), plain HTML, CSS and JavaScript with
/// no build step and nothing fetched from elsewhere; the Content-Security-Policy keeps it that way in the browser.
/// The page itself is public; everything it shows comes from the read API, which wants the key.
/// </summary>
internal static class ConsolePage
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = Load();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Customer360Extensions.PagePath, (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        endpoints.MapGet(Customer360Extensions.PagePath + "/{file}", (HttpContext http, string file) => Serve(http, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var entry))
        {
            return Results.NotFound();
        }

        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(entry.Content, entry.Type);
    }

    private static FrozenDictionary<string, (byte[] Content, string Type)> Load()
    {
        var assembly = typeof(ConsolePage).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("console/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = name["console/".Length..];
            var type = System.IO.Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[file] = (buffer.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

using System.Collections.Frozen;

namespace FhirPriorAuth.Server.Web;

/// <summary>
/// The browser apps' static files (built from <c>web/</c> into <c>web/dist</c>, shipped beside the binaries as
/// <c>web/</c>). Files are read from a fixed list taken at start, so a request path can never name anything else.
/// </summary>
public sealed class WebAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, string> _files;

    public WebAssets(IConfiguration configuration)
    {
        var root = configuration["Web:Root"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, AppContext.BaseDirectory)
            : Path.Combine(AppContext.BaseDirectory, "web");
        Root = root;
        _files = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => ContentTypes.ContainsKey(Path.GetExtension(f)))
                .ToFrozenDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => f, StringComparer.Ordinal)
            : FrozenDictionary<string, string>.Empty;
    }

    public string Root { get; }

    /// <summary>The file at <paramref name="relative"/> (e.g. <c>dtr/app.js</c>) as a result, or null when there is none.</summary>
    public IResult? File(string relative, string cacheControl, HttpContext http)
    {
        if (!_files.TryGetValue(relative, out var path))
            return null;
        http.Response.Headers.CacheControl = cacheControl;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.File(path, ContentTypes[Path.GetExtension(path)]);
    }
}

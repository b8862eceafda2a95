using System.Security.Cryptography;
using System.Text;
using FhirPriorAuth.Policies.Artifacts;

namespace FhirPriorAuth.Server.PolicyPages;

/// <summary>
/// <c>GET /policies/{id}</c>: the open, read-only page for each policy this server decides with, by PlanDefinition id
/// (<c>wellmark-lutathera</c>). The policy artifacts carry no published payer URL, so CRD External Reference cards link
/// here unless an operator configures the payer's own page.
/// </summary>
public static class PolicyPageEndpoints
{
    public const string Base = "/policies";

    // No script, no frames, no forms, nothing loaded from elsewhere: only the page's own inline style, by its hash.
    private static readonly string ContentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(PolicyPage.Style)))
        + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The policy's id: the last segment of its PlanDefinition's canonical url.</summary>
    public static string IdOf(LoadedPolicy policy) => policy.Url.Split('/')[^1];

    /// <summary>The page's absolute address under <paramref name="serverBase"/> (no trailing slash).</summary>
    public static string Url(string serverBase, LoadedPolicy policy) => $"{serverBase}{Base}/{Uri.EscapeDataString(IdOf(policy))}";

    public static IEndpointRouteBuilder MapPolicyPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Base + "/{id}", Get).AllowAnonymous().WithMetadata(new FhirApi.AnyRouteId());
        return endpoints;
    }

    private static IResult Get(string id, HttpContext http, PolicyCatalog catalog, TimeProvider clock)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // When a policy id has several versions, the page shows the one that starts last.
        var policy = catalog.Policies.Where(p => IdOf(p) == id).MaxBy(p => p.EffectiveStart);
        if (policy is null)
            return Results.Content(PolicyPage.NotFound(), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
        var questionnaire = catalog.Questionnaires.GetValueOrDefault(policy.Url.Replace("/PlanDefinition/", "/Questionnaire/", StringComparison.Ordinal));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Results.Content(PolicyPage.Render(policy, questionnaire, today), "text/html; charset=utf-8", Encoding.UTF8);
    }
}

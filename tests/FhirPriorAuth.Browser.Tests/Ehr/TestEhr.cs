using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Browser.Tests.Ehr;

/// <summary>
/// A small EHR on a real loopback listener, as the DTR app sees one: SMART configuration, an authorize endpoint that
/// checks PKCE S256 (and records what the app asked for), a token endpoint answering <c>patient</c>,
/// <c>fhirContext</c>, <c>appContext</c> and an ES384 id_token, a JWKS, and a FHIR API over an in-memory chart
/// (reads, searches paged two at a time, QuestionnaireResponse create and update), with CORS for the app.
/// </summary>
public sealed class TestEhr : IAsyncDisposable
{
    public const string ClientId = "payer-dtr-app";
    public const string PractitionerId = "dr-lee";
    private const int PageSize = 2;

    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ConcurrentDictionary<string, Launch> _launches = new();
    private readonly ConcurrentDictionary<string, (Launch Launch, string Challenge, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, byte> _tokens = new();
    private readonly ConcurrentDictionary<string, JsonObject> _resources = new();
    private int _nextId;

    public sealed record Launch(string Patient, IReadOnlyList<string> FhirContext, string? AppContext = null);

    public sealed record Write(string Method, string Path, JsonObject Resource);

    /// <summary>The query of every authorize request.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Authorizations { get; } = new();

    public ConcurrentQueue<Write> Writes { get; } = new();

    /// <summary>Every FHIR request (method and path with query).</summary>
    public ConcurrentQueue<string> FhirRequests { get; } = new();

    public string Origin { get; private set; } = "";

    public string FhirBase => Origin + "/fhir";

    public string JwksUrl => Origin + "/jwks";

    public string KeyId { get; } = "ehr-key-1";

    private TestEhr(WebApplication app) => _app = app;

    public static async Task<TestEhr> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var ehr = new TestEhr(app);
        app.Use(async (http, next) =>
        {
            // CORS for the app's origin (any, in this test EHR), preflights included.
            var origin = http.Request.Headers.Origin.ToString();
            if (origin.Length > 0)
            {
                http.Response.Headers.AccessControlAllowOrigin = origin;
                http.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, Accept";
                http.Response.Headers.AccessControlAllowMethods = "GET, POST, PUT";
                http.Response.Headers.AccessControlExposeHeaders = "Location, ETag";
            }
            if (HttpMethods.IsOptions(http.Request.Method))
            {
                http.Response.StatusCode = 204;
                return;
            }
            await next(http);
        });
        app.MapGet("/fhir/.well-known/smart-configuration", ehr.SmartConfiguration);
        app.MapGet("/authorize", ehr.Authorize);
        app.MapPost("/token", ehr.TokenAsync);
        app.MapGet("/jwks", ehr.Jwks);
        app.Map("/fhir/{**path}", ehr.FhirAsync);
        await app.StartAsync();
        ehr.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return ehr;
    }

    /// <summary>Puts resources into the chart (a Bundle's entries, or single resources).</summary>
    public void Add(JsonObject resource)
    {
        if (resource["resourceType"]?.GetValue<string>() == "Bundle")
        {
            foreach (var entry in resource["entry"]!.AsArray())
                Add(entry!["resource"]!.AsObject().DeepClone().AsObject());
            return;
        }
        _resources[$"{resource["resourceType"]}/{resource["id"]}"] = resource;
    }

    public JsonObject? Get(string reference) => _resources.TryGetValue(reference, out var r) ? r : null;

    /// <summary>Registers a launch and returns its id, as an EHR does before opening the app's launch URL.</summary>
    public string RegisterLaunch(Launch launch)
    {
        var id = "launch-" + Guid.NewGuid().ToString("N")[..12];
        _launches[id] = launch;
        return id;
    }

    /// <summary>A bearer token the EHR accepts (what it hands the payer in a CDS Hooks call's fhirAuthorization).</summary>
    public string IssueToken()
    {
        var token = "ehr-token-" + Guid.NewGuid().ToString("N");
        _tokens[token] = 0;
        return token;
    }

    /// <summary>An ES384 JWT signed with the EHR's key (id_tokens; CDS Hooks client JWTs).</summary>
    public string SignJwt(Dictionary<string, object> claims) => CompactJws.SignEs384(_key, KeyId, claims);

    private IResult Jwks() => Results.Json(new { keys = new[] { JsonWebKeys.ToPublicJwk(_key, KeyId) } });

    private IResult SmartConfiguration() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = FhirBase,
        ["authorization_endpoint"] = Origin + "/authorize",
        ["token_endpoint"] = Origin + "/token",
        ["jwks_uri"] = JwksUrl,
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["scopes_supported"] = new[] { "openid", "fhirUser", "launch", "launch/patient", "patient/*.rs", "patient/QuestionnaireResponse.cru" },
        ["capabilities"] = new[] { "launch-ehr", "launch-standalone", "client-public", "context-ehr-patient", "sso-openid-connect", "permission-v2" },
    });

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        Authorizations.Enqueue(query);
        string Q(string name) => query.GetValueOrDefault(name, "");
        if (Q("client_id") != ClientId || Q("response_type") != "code" || Q("code_challenge_method") != "S256" || Q("code_challenge").Length < 43
            || Q("aud") != FhirBase || !Q("redirect_uri").StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
            return Results.BadRequest("invalid authorization request");
        Launch? launch;
        if (query.TryGetValue("launch", out var launchId))
        {
            if (!_launches.TryGetValue(launchId, out launch))
                return Results.BadRequest("unknown launch");
        }
        else
        {
            launch = StandaloneLaunch ?? new Launch("unknown", []);
        }
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (launch, Q("code_challenge"), Q("redirect_uri"));
        return Results.Redirect($"{Q("redirect_uri")}?code={code}&state={Uri.EscapeDataString(Q("state"))}");
    }

    /// <summary>The patient a standalone launch picks (the EHR's patient picker).</summary>
    public Launch? StandaloneLaunch { get; set; }

    private async Task<IResult> TokenAsync(HttpContext http, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var code = form["code"].ToString();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(code, out var grant) || form["redirect_uri"] != grant.RedirectUri
            || form["client_id"] != ClientId)
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != grant.Challenge)
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier does not match" }, statusCode: 400);
        var token = "ehr-token-" + Guid.NewGuid().ToString("N");
        _tokens[token] = 0;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = SignJwt(new Dictionary<string, object>
        {
            ["iss"] = FhirBase, ["aud"] = ClientId, ["sub"] = PractitionerId, ["fhirUser"] = $"{FhirBase}/Practitioner/{PractitionerId}",
            ["iat"] = now, ["exp"] = now + 600,
        });
        var answer = new Dictionary<string, object>
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600,
            ["scope"] = "launch openid fhirUser patient/*.rs patient/QuestionnaireResponse.cru",
            ["id_token"] = idToken, ["patient"] = grant.Launch.Patient,
            ["fhirContext"] = grant.Launch.FhirContext.Select(r => new { reference = r }).ToArray(),
        };
        if (grant.Launch.AppContext is { } appContext)
            answer["appContext"] = appContext;
        return Results.Json(answer);
    }

    private async Task<IResult> FhirAsync(HttpContext http, string path)
    {
        FhirRequests.Enqueue($"{http.Request.Method} {path}{http.Request.QueryString}");
        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(auth["Bearer ".Length..]))
            return Results.Json(Outcome("login", "a valid bearer token is required"), statusCode: 401);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = http.Request.Method;
        if (method == "GET" && segments.Length == 2)
            return Get($"{segments[0]}/{segments[1]}") is { } found ? Fhir(found) : Results.Json(Outcome("not-found", "no such resource"), statusCode: 404);
        if (method == "GET" && segments.Length == 1)
            return Fhir(Search(segments[0], http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));
        if ((method == "POST" && segments.Length == 1 || method == "PUT" && segments.Length == 2) && segments[0] == "QuestionnaireResponse")
        {
            var resource = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            if (resource["resourceType"]?.GetValue<string>() != "QuestionnaireResponse")
                return Results.Json(Outcome("invalid", "not a QuestionnaireResponse"), statusCode: 400);
            var id = method == "POST" ? "qr-" + Interlocked.Increment(ref _nextId) : segments[1];
            if (method == "PUT" && resource["id"]?.GetValue<string>() != id)
                return Results.Json(Outcome("invalid", "id does not match"), statusCode: 400);
            resource["id"] = id;
            Writes.Enqueue(new Write(method, path, resource.DeepClone().AsObject()));
            var exists = _resources.ContainsKey($"QuestionnaireResponse/{id}");
            _resources[$"QuestionnaireResponse/{id}"] = resource;
            http.Response.Headers.Location = $"{FhirBase}/QuestionnaireResponse/{id}/_history/1";
            return Fhir(resource, method == "POST" || !exists ? 201 : 200);
        }
        return Results.Json(Outcome("not-supported", "not supported here"), statusCode: 405);
    }

    private JsonObject Search(string type, Dictionary<string, string> query)
    {
        IEnumerable<JsonObject> matches = _resources.Values.Where(r => r["resourceType"]?.GetValue<string>() == type)
            .OrderBy(r => r["id"]?.GetValue<string>(), StringComparer.Ordinal);
        if (query.TryGetValue("patient", out var patient))
            matches = matches.Where(r => new[] { "subject", "patient", "beneficiary" }.Any(p => r[p]?["reference"]?.GetValue<string>() == "Patient/" + patient));
        if (query.TryGetValue("practitioner", out var practitioner))
            matches = matches.Where(r => r["practitioner"]?["reference"]?.GetValue<string>() == "Practitioner/" + practitioner);
        if (query.TryGetValue("status", out var status))
            matches = matches.Where(r => status.Split(',').Contains(r["status"]?.GetValue<string>()));
        var all = matches.ToList();
        var offset = query.TryGetValue("_offset", out var o) && int.TryParse(o, out var n) ? n : 0;
        var page = all.Skip(offset).Take(PageSize).ToList();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = all.Count,
            ["entry"] = new JsonArray(page.Select(r => (JsonNode)new JsonObject { ["fullUrl"] = $"{FhirBase}/{type}/{r["id"]}", ["resource"] = r.DeepClone(), ["search"] = new JsonObject { ["mode"] = "match" } }).ToArray()),
        };
        if (offset + PageSize < all.Count)
        {
            var next = string.Join('&', query.Where(q => q.Key != "_offset").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}").Append($"_offset={offset + PageSize}"));
            bundle["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = $"{FhirBase}/{type}?{next}" });
        }
        return bundle;
    }

    private static IResult Fhir(JsonObject resource, int status = 200) =>
        Results.Text(resource.ToJsonString(), "application/fhir+json", Encoding.UTF8, status);

    private static JsonObject Outcome(string code, string text) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = code, ["diagnostics"] = text }),
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

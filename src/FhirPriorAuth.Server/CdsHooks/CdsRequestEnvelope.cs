using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// Reads the CDS Hooks 2.0 request envelope ("Calling a CDS Service"): <c>hook</c>, <c>hookInstance</c> and a
/// <c>context</c> object are required; <c>fhirAuthorization</c> needs <c>fhirServer</c> and an <c>access_token</c>;
/// <c>prefetch</c> is an object; the Bundles and prefetch values have the shapes handlers rely on (<see cref="CdsRequestShape"/>).
/// Everything else (extensions, unknown members) is ignored, as the spec asks.
/// </summary>
internal static class CdsRequestEnvelope
{
    /// <summary>
    /// The checked request, with <c>fhirAuthorization</c> taken out of <paramref name="body"/>; throws 422 listing
    /// every envelope problem at once.
    /// </summary>
    public static CdsHookRequest Read(JsonObject body, string expectedHook, string serverBase, int maxResources)
    {
        var issues = new List<OutcomeIssue>();
        var hook = RequiredString(body, "hook", issues);
        if (hook is not null && hook != expectedHook)
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, $"This service answers the {expectedHook} hook, not {hook}", "hook"));
        var hookInstance = RequiredString(body, "hookInstance", issues);
        var context = body["context"] as JsonObject;
        if (context is null)
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, "context is required and must be a JSON object", "context"));
        if (body["prefetch"] is { } prefetch && prefetch is not JsonObject)
            issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "prefetch must be a JSON object of prefetch keys", "prefetch"));
        if (context is not null)
            CdsRequestShape.Check(context, body["prefetch"] as JsonObject, maxResources, issues);

        var fhirServer = FhirServer(body, issues);
        if (issues.Count > 0)
            throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity, issues);
        return new CdsHookRequest(hook!, hookInstance!, body, context!, fhirServer, serverBase);
    }

    private static FhirServerAccess? FhirServer(JsonObject body, List<OutcomeIssue> issues)
    {
        var authorization = body["fhirAuthorization"];
        // The token must not travel further than this method, whatever else is wrong with the request.
        body.Remove("fhirAuthorization");
        string? token = null;
        if (authorization is not null)
        {
            if (authorization is not JsonObject auth)
                issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "fhirAuthorization must be a JSON object", "fhirAuthorization"));
            else
            {
                token = String(auth["access_token"]);
                if (string.IsNullOrEmpty(token))
                    issues.Add(OutcomeIssue.Error(IssueTypes.Required, "fhirAuthorization.access_token is required", "fhirAuthorization.access_token"));
                // It goes into an Authorization header: a NUL, newline or other non-visible character cannot.
                else if (token.Any(c => c is < '!' or > '~'))
                    issues.Add(OutcomeIssue.Error(IssueTypes.Value, "fhirAuthorization.access_token must be visible ASCII characters",
                        "fhirAuthorization.access_token"));
                if (String(auth["token_type"]) is { } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                    issues.Add(OutcomeIssue.Error(IssueTypes.Value, "fhirAuthorization.token_type must be Bearer", "fhirAuthorization.token_type"));
            }
        }

        var server = body["fhirServer"];
        if (server is null)
        {
            if (authorization is not null)
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "fhirServer is required when fhirAuthorization is given", "fhirServer"));
            return null;
        }
        if (String(server) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, "fhirServer must be an absolute http(s) base URL", "fhirServer"));
            return null;
        }
        var withSlash = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new FhirServerAccess(withSlash, token);
    }

    private static string? RequiredString(JsonObject body, string name, List<OutcomeIssue> issues)
    {
        var value = String(body[name]);
        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, $"{name} is required and must be a non-empty string", name));
            return null;
        }
        return value;
    }

    internal static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}

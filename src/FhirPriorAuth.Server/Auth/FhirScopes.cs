namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The one table of which SMART scope each /fhir interaction needs. PAS defines no scopes, so these are ours:
/// Claim/$submit creates a claim (Claim.c); Claim/$inquire only reads the state of one (Claim.r);
/// $questionnaire-package and $next-question read Questionnaires (Questionnaire.r); $validate changes and reveals nothing (any token).
/// Anything not listed falls back to the REST meaning of its method on the addressed type, and unknown
/// system-level operations need a wildcard (*) scope, so a new endpoint is never open by accident.
/// </summary>
public static class FhirScopes
{
    private static readonly HashSet<string> AnyTokenOperations = ["$validate"];

    private static readonly HashSet<string> VersionedBases = [Pas.Pas201.Pas201Routes.Segment];

    private static readonly Dictionary<string, SmartScope> SystemOperations = new(StringComparer.Ordinal)
    {
        ["$questionnaire-package"] = new("Questionnaire", "r"),
        ["$next-question"] = new("Questionnaire", "r"),
    };

    private static readonly Dictionary<string, char> TypeOperations = new(StringComparer.Ordinal)
    {
        ["$submit"] = 'c',
        ["$inquire"] = 'r',
        ["$questionnaire-package"] = 'r',
        ["$next-question"] = 'r', // asks our forms' next question; stores nothing
        ["$expand"] = 'r',
        ["$log-questionnaire-errors"] = 'c',
        ["$status"] = 'r', // Subscription/{id}/$status (R5 Backport)
    };

    /// <summary>The scope the request needs, or null when any valid token suffices.</summary>
    public static SmartScope? Required(HttpContext context) => Required(context.Request.Method, context.Request.Path);

    public static SmartScope? Required(string method, PathString path)
    {
        // The reviewer API (/review) works on review Tasks: reading them, and deciding (updating) them.
        if (path.StartsWithSegments("/review", StringComparison.Ordinal))
            return new SmartScope("Task", Letter(method, isInstance: false) == "s" ? "rs" : "u");
        if (!path.StartsWithSegments("/fhir", StringComparison.Ordinal, out var rest))
            return new SmartScope("*", Letter(method, isInstance: false));
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // A versioned PAS base (/fhir/pas-2.0.1/...) offers the same interactions, so it needs the same scopes.
        if (segments.Length > 0 && VersionedBases.Contains(segments[0]))
            segments = segments[1..];
        if (segments.Length == 0)
            return new SmartScope("*", "c"); // transaction/batch bundles may touch anything
        var first = segments[0];
        if (first.StartsWith('$'))
        {
            if (AnyTokenOperations.Contains(first))
                return null;
            return SystemOperations.GetValueOrDefault(first, new SmartScope("*", Letter(method, isInstance: false)));
        }
        var operation = segments.Skip(1).FirstOrDefault(s => s.StartsWith('$'));
        if (operation is not null)
        {
            if (AnyTokenOperations.Contains(operation))
                return null;
            return new SmartScope(first, TypeOperations.TryGetValue(operation, out var letter) ? letter.ToString() : Letter(method, segments.Length > 2).ToString());
        }
        if (segments.Length >= 2 && segments[1] == "_search")
            return new SmartScope(first, "s");
        return new SmartScope(first, Letter(method, isInstance: segments.Length >= 2));
    }

    /// <summary>True when one of the granted scopes covers what the request needs.</summary>
    public static bool Allows(IEnumerable<string> granted, SmartScope? required) =>
        required is null || granted.Select(SmartScope.TryParse).OfType<SmartScope>().Any(g => g.Covers(required));

    private static string Letter(string method, bool isInstance) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => isInstance ? "r" : "s",
        "POST" => "c",
        "PUT" or "PATCH" => "u",
        "DELETE" => "d",
        _ => "cruds",
    };
}

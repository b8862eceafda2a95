using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// <c>POST Questionnaire/$log-questionnaire-errors</c>: a DTR app reports problems it met with one of our forms, so
/// the payer can fix the artifact. Inputs are named <c>Questionnaire</c> and <c>OperationOutcome</c> in the 2.0.1
/// OperationDefinition and lower-case elsewhere; both are accepted. Only the form, the issue severities, codes and
/// locations are logged: the diagnostics text may quote patient data.
/// </summary>
internal static partial class LogQuestionnaireErrorsOperation
{
    public const string Definition = "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/log-questionnaire-errors";

    public static async Task<IResult> PostAsync(HttpRequest http, FhirRequestReader reader, IConformanceResources resources,
        ILogger<LogReport> logger, CancellationToken ct)
    {
        var body = await reader.ReadValidResourceAsync(http, ct);
        if (body.Str("resourceType") != "Parameters")
            throw Invalid("The body must be a Parameters resource");
        var parameters = body.Objects("parameter").ToList();
        var canonical = Named(parameters, "questionnaire")?.Str("valueCanonical")
            ?? throw Invalid("The 'questionnaire' parameter (the form's canonical) is required");
        var outcome = Named(parameters, "operationoutcome")?["resource"] as JsonObject;
        if (outcome?.Str("resourceType") != "OperationOutcome")
            throw Invalid("The 'operationOutcome' parameter must carry the OperationOutcome describing the problems");
        // Only our own forms are named in the log, so a client cannot write arbitrary text into it.
        var form = resources.ByCanonical(canonical, "Questionnaire")?.VersionedCanonical ?? "(a Questionnaire this server does not hold)";
        foreach (var issue in outcome.Objects("issue"))
        {
            var where = issue["expression"] is JsonArray expressions ? string.Join(", ", expressions.Select(e => e?.ToString())) : "";
            LogIssue(logger, form, Token(issue.Str("severity")), Token(issue.Str("code")), LocationOnly(where));
        }
        return FhirResults.Outcome(StatusCodes.Status200OK,
            [new OutcomeIssue(Fhir.Serialization.FhirIssueSeverity.Information, IssueTypes.Informational, "The problems were logged for the form's authors")]);
    }

    /// <summary>A code as logged: letters and dashes only, so client text cannot forge log lines.</summary>
    private static string Token(string? code) =>
        code is { Length: > 0 and <= 40 } && code.All(c => char.IsAsciiLetter(c) || c == '-') ? code : "?";

    /// <summary>FHIRPath locations keep their path characters; anything else (free text, line breaks) is dropped.</summary>
    private static string LocationOnly(string expression)
    {
        var kept = new string([.. expression.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '[' or ']' or '(' or ')' or ',' or ' ' or '_' or '-' or '\'')]);
        return kept.Length > 200 ? kept[..200] : kept;
    }

    private static JsonObject? Named(List<JsonObject> parameters, string name) =>
        parameters.FirstOrDefault(p => string.Equals(p.Str("name"), name, StringComparison.OrdinalIgnoreCase));

    private static FhirRequestException Invalid(string message) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Invalid, message, "Parameters.parameter"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "DTR client reported a problem with {Questionnaire}: {Severity} {Code} at {Expression}")]
    private static partial void LogIssue(ILogger logger, string questionnaire, string severity, string code, string expression);

    /// <summary>The log category of client-reported form problems.</summary>
    internal sealed class LogReport;
}

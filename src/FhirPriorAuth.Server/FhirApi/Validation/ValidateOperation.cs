using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi.Capabilities;

namespace FhirPriorAuth.Server.FhirApi.Validation;

/// <summary>
/// <c>POST /fhir/$validate</c> and <c>POST /fhir/{type}/$validate</c>: the body is the resource, or a Parameters
/// with a <c>resource</c> parameter. The answer is 200 with an OperationOutcome whenever validation could be
/// performed, valid or not, as the FHIR operation defines; 4xx means the request itself could not be validated
/// (unreadable JSON, unknown type, a resource of another type than the address names).
/// </summary>
internal static class ValidateOperation
{
    public const string Definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate";

    public static RouteGroupBuilder MapValidateOperation(this RouteGroupBuilder fhir)
    {
        fhir.MapPost(FhirRoutes.SystemValidate, (HttpRequest request, FhirRequestReader reader, CancellationToken ct) =>
            ValidateAsync(request, reader, routeType: null, ct));
        fhir.MapPost(FhirRoutes.TypeValidate, (string type, HttpRequest request, FhirRequestReader reader, CancellationToken ct) =>
            ValidateAsync(request, reader, type, ct));
        return fhir;
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, FhirRequestReader reader, string? routeType, CancellationToken ct)
    {
        if (routeType is not null && !ResourceTypes.IsKnown(routeType))
            throw UnknownType(routeType);

        var (body, issues) = await reader.ReadResourceAsync(request, ct);
        var resourceType = (string)body["resourceType"]!;

        var expressionPrefix = "";
        var notes = new List<OutcomeIssue>();
        if (resourceType == "Parameters" && routeType != "Parameters")
        {
            var (index, parameter) = FindParameter(body, "resource");
            if (parameter?["resource"] is not JsonObject wrapped)
            {
                throw new FhirRequestException(StatusCodes.Status400BadRequest,
                    OutcomeIssue.Error(IssueTypes.Required, "The Parameters carry no 'resource' parameter holding the resource to validate", "Parameters.parameter"));
            }
            expressionPrefix = $"Parameters.parameter[{index}].resource";
            resourceType = wrapped["resourceType"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : "";
            if (FindParameter(body, "profile").Parameter is not null)
            {
                notes.Add(new OutcomeIssue(IssueSeverity.Warning, IssueTypes.NotSupported,
                    "Validation against a named profile is not supported; the resource was checked against the base R4 definitions",
                    "Parameters.parameter"));
            }
        }

        if (routeType is not null && resourceType != routeType)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Invalid, $"The resource is not a {routeType}, which this address validates",
                    expressionPrefix.Length > 0 ? expressionPrefix + ".resourceType" : "resourceType"));
        }

        return FhirResults.Outcome(StatusCodes.Status200OK, [.. issues, .. notes]);
    }

    private static (int Index, JsonObject? Parameter) FindParameter(JsonObject parameters, string name)
    {
        if (parameters["parameter"] is not JsonArray list)
            return (-1, null);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject p && p["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String && (string)n! == name)
                return (i, p);
        }
        return (-1, null);
    }

    private static FhirRequestException UnknownType(string type) =>
        new(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotSupported,
            // Echo the type only when it looks like one: route values are client text and end up in client logs.
            IsPlainName(type) ? $"'{type}' is not an R4 resource type" : "The address names no R4 resource type"));

    private static bool IsPlainName(string value) => value.Length <= 64 && value.All(char.IsAsciiLetterOrDigit);
}

/// <summary>Declares <c>$validate</c> in the CapabilityStatement.</summary>
internal sealed class ValidateCapability : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.AddSystemOperation("validate", ValidateOperation.Definition);
}

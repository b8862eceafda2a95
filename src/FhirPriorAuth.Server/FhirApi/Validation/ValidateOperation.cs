using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Model;
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
        if (routeType is not null && !R4Model.IsConcreteResource(routeType))
            throw UnknownType();

        var (body, issues) = await reader.ReadResourceAsync(request, ct);
        var resourceType = (string)body["resourceType"]!;

        var expressionPrefix = "";
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
                // The operation definition: a server that cannot validate against a nominated profile SHALL return an error.
                throw new FhirRequestException(StatusCodes.Status400BadRequest,
                    OutcomeIssue.Error(IssueTypes.NotSupported, "Validation against a named profile is not supported; omit 'profile' to validate against the base R4 definitions",
                        "Parameters.parameter"));
            }
        }

        if (routeType is not null && resourceType != routeType)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Invalid, $"The resource is not a {routeType}, which this address validates",
                    expressionPrefix.Length > 0 ? expressionPrefix + ".resourceType" : "resourceType"));
        }

        return FhirResults.Outcome(StatusCodes.Status200OK, issues);
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

    // The address is client text that can end up in client-side logs, so it is not echoed back.
    private static FhirRequestException UnknownType() =>
        new(StatusCodes.Status404NotFound,
            OutcomeIssue.Error(IssueTypes.NotSupported, "The address does not name a concrete R4 resource type"));
}

/// <summary>Declares <c>$validate</c> in the CapabilityStatement.</summary>
internal sealed class ValidateCapability : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.AddSystemOperation("validate", ValidateOperation.Definition);
}

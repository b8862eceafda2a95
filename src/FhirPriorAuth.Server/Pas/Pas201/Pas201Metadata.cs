using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.FhirApi.Capabilities;

namespace FhirPriorAuth.Server.Pas.Pas201;

/// <summary><c>GET /fhir/pas-2.0.1/metadata</c>: only what the 2.0.1 base offers, claiming the 2.0.1 intermediary role.</summary>
internal static class Pas201Metadata
{
    private const string Intermediary = PasCodes.Ig + "/CapabilityStatement/IntermediaryCapabilities|" + Pas201Routes.Version;

    public static IResult Get(HttpRequest request, [FromKeyedServices(Pas201Routes.Base)] IEnumerable<ICapabilityContribution> contributions)
    {
        var statement = CapabilityStatementEndpoint.Build(request, contributions, Pas201Routes.Base);
        statement["instantiates"] = new System.Text.Json.Nodes.JsonArray(Intermediary);
        return FhirResults.Resource(statement);
    }
}

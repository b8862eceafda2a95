using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Server.FhirApi.Capabilities;

/// <summary><c>GET /fhir/metadata</c>: the CapabilityStatement assembled from every registered contribution.</summary>
internal static class CapabilityStatementEndpoint
{
    public const string SoftwareName = "FhirPriorAuth";

    // The statement describes this running server, so its date is when the process started.
    private static readonly string StartedOn = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime())
        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly string SoftwareVersion =
        typeof(CapabilityStatementEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static IResult Get(HttpRequest request, IEnumerable<ICapabilityContribution> contributions) =>
        FhirResults.Resource(Build(request, contributions, FhirRoutes.Base));

    /// <summary>The statement for the FHIR base at <paramref name="basePath"/> (a versioned PAS base has its own).</summary>
    public static JsonObject Build(HttpRequest request, IEnumerable<ICapabilityContribution> contributions, string basePath)
    {
        var builder = new CapabilityStatementBuilder();
        foreach (var contribution in contributions)
            contribution.Contribute(builder);

        var statement = new JsonObject
        {
            ["resourceType"] = "CapabilityStatement",
            ["status"] = "active",
            ["date"] = StartedOn,
            ["kind"] = "instance",
            ["software"] = new JsonObject { ["name"] = SoftwareName, ["version"] = SoftwareVersion },
            ["implementation"] = new JsonObject
            {
                ["description"] = "FhirPriorAuth payer prior-authorization server (Da Vinci CRD, DTR, PAS)",
                ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}",
            },
            ["fhirVersion"] = R4Model.FhirVersion,
            ["format"] = new JsonArray("json"),
            ["rest"] = new JsonArray(builder.BuildRest()),
        };
        return statement;
    }
}

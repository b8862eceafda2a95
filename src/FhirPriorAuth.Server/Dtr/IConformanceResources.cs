using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>One of the payer's published definitional resources (Questionnaire, Library, ValueSet, CodeSystem).</summary>
public sealed record ConformanceResource(string Type, string Id, string? Url, string? Version, JsonObject Json)
{
    public string? Name => Json.Str("name");

    public string? Status => Json.Str("status");

    /// <summary><c>url|version</c>, or the bare url for an unversioned artifact.</summary>
    public string? VersionedCanonical => Url is null ? null : Version is null ? Url : $"{Url}|{Version}";
}

/// <summary>
/// The published artifacts DTR serves, found by id, canonical and type. Read-only after start: the artifacts
/// are the payer's policies as data, deployed with the server.
/// </summary>
public interface IConformanceResources
{
    IReadOnlyList<ConformanceResource> OfType(string type);

    ConformanceResource? ById(string type, string id);

    /// <summary>
    /// Resolves a canonical (<c>url</c> or <c>url|version</c>); an unversioned canonical gets the highest version.
    /// <paramref name="type"/> null searches every type.
    /// </summary>
    ConformanceResource? ByCanonical(string canonical, string? type = null);

    /// <summary>What was wrong with the artifacts at load; the server refuses to start when any is listed.</summary>
    IReadOnlyList<string> Problems { get; }
}

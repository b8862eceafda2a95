using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// A CRD hook call ready to be answered: the CDS Hooks request with its <c>prefetch</c> complete (what the client sent
/// plus what was fetched from its <c>fhirServer</c>), the per-request configuration, and where this server is reachable
/// (for DTR questionnaire canonicals and SMART launch links).
/// </summary>
/// <param name="Hook">The hook name, e.g. <c>order-sign</c>.</param>
/// <param name="Request">The hook request; never contains <c>fhirAuthorization</c> (removed before answering).</param>
/// <param name="ServerBase">This server's public base URL without a trailing slash, e.g. <c>https://payer.example/</c> minus the slash.</param>
public sealed record CrdCall(string Hook, JsonObject Request, CrdConfiguration Configuration, DateTimeOffset Now, string ServerBase)
{
    /// <summary>The member's authorizations already granted here (PAS), so an order they cover is answered "satisfied".</summary>
    public IReadOnlyList<ExistingAuthorization> Authorizations { get; init; } = [];
}

/// <summary>Answers a CRD hook call with a CDS Hooks response: <c>{"cards": [...], "systemActions": [...]}</c>.</summary>
public interface ICrdResponder
{
    JsonObject Respond(CrdCall call);
}

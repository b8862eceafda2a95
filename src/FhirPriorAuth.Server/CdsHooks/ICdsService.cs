using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// A CDS service this server hosts (CRD's order-sign, appointment-book, ...). Registering one with
/// <c>AddCdsService&lt;T&gt;()</c> lists it in discovery and makes it callable at <c>POST /cds-services/{id}</c>,
/// behind the CDS client JWT check.
/// </summary>
public interface ICdsService
{
    CdsServiceDescriptor Descriptor { get; }

    /// <summary>
    /// Answers a request whose envelope is already checked (hook matches, <c>hookInstance</c> and <c>context</c> present,
    /// <c>fhirServer</c> usable). Refusals are thrown as <c>FhirRequestException</c> (422 bad context, 412 data unobtainable).
    /// </summary>
    Task<JsonObject> InvokeAsync(CdsHookRequest request, CancellationToken cancellationToken);
}

/// <summary>The hosted CDS services, in registration order.</summary>
public sealed class CdsServiceRegistry(IEnumerable<ICdsService> services)
{
    private readonly IReadOnlyList<ICdsService> _services = [.. services];

    public IReadOnlyList<ICdsService> All => _services;

    /// <summary>The services with this id (one per hook: the spec lets an id serve several hooks).</summary>
    public IEnumerable<ICdsService> WithId(string id) => _services.Where(s => s.Descriptor.Id == id);
}

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// A CDS service this server hosts (CRD's order-sign, appointment-book, ...). Registering one with
/// <c>AddCdsService&lt;T&gt;()</c> lists it in discovery. Invocation (<c>POST /cds-services/{id}</c>) arrives
/// with the first service, together with the CDS client JWT check it needs, so nothing is callable unauthenticated.
/// </summary>
public interface ICdsService
{
    CdsServiceDescriptor Descriptor { get; }
}

/// <summary>The hosted CDS services, in registration order.</summary>
public sealed class CdsServiceRegistry(IEnumerable<ICdsService> services)
{
    private readonly IReadOnlyList<ICdsService> _services = [.. services];

    public IReadOnlyList<ICdsService> All => _services;

    /// <summary>The services with this id (one per hook: the spec lets an id serve several hooks).</summary>
    public IEnumerable<ICdsService> WithId(string id) => _services.Where(s => s.Descriptor.Id == id);
}

namespace FhirPriorAuth.Server.FhirApi.Capabilities;

/// <summary>
/// A feature's entry in the CapabilityStatement. Each feature registers one next to the endpoints it maps,
/// so <c>/fhir/metadata</c> lists exactly what is implemented (register with <c>AddCapability&lt;T&gt;()</c>).
/// </summary>
public interface ICapabilityContribution
{
    void Contribute(CapabilityStatementBuilder statement);
}

public static class CapabilityRegistration
{
    public static IServiceCollection AddCapability<TContribution>(this IServiceCollection services)
        where TContribution : class, ICapabilityContribution =>
        services.AddSingleton<ICapabilityContribution, TContribution>();
}

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>The CRD responder: coverage-information annotations and cards from the payer policies.</summary>
public static class CrdResponsesRegistration
{
    public static IServiceCollection AddCrdResponses(this IServiceCollection services)
    {
        services.AddOptions<CrdResponseOptions>().BindConfiguration(CrdResponseOptions.Section);
        services.AddSingleton<ICrdResponder, CrdResponder>();
        return services;
    }
}

using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>The payer side of DTR: <c>$questionnaire-package</c>, <c>$next-question</c> (adaptive), the artifacts' read/search and <c>ValueSet/$expand</c>.</summary>
public static class DtrRegistration
{
    public const string QuestionnairePackage = "$questionnaire-package";

    public static IServiceCollection AddDtr(this IServiceCollection services)
    {
        services.AddOptions<DtrOptions>().BindConfiguration(DtrOptions.Section).ValidateOnStart();
        services.AddSingleton<ArtifactLoader>();
        services.AddSingleton<IValidateOptions<DtrOptions>, ArtifactsLoadCheck>();
        services.AddSingleton<IConformanceResources>(sp =>
            sp.GetRequiredService<ArtifactLoader>().Get(sp.GetRequiredService<IOptions<DtrOptions>>().Value));
        // The same validated catalog for whoever decides with the policies (one load, one start-up check).
        services.TryAddSingleton(sp => sp.GetRequiredService<ArtifactLoader>().Catalog(sp.GetRequiredService<IOptions<DtrOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ValueSetExpansions>();
        services.AddSingleton<QuestionnairePackageBuilder>();
        services.AddCapability<DtrCapability>();
        return services;
    }

    public static IEndpointRouteBuilder MapDtr(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup(FhirRoutes.Base)
            .AddEndpointFilter<ContentNegotiation>()
            .RequireAuthorization(AuthRegistration.FhirClientPolicy);

        // 2.0.1 documents the type-level address; its narrative (and some clients) use the system-level one.
        fhir.MapPost("Questionnaire/" + QuestionnairePackage, QuestionnairePackageOperation.PostAsync);
        fhir.MapPost(QuestionnairePackage, QuestionnairePackageOperation.PostAsync);
        fhir.MapPost("Questionnaire/$log-questionnaire-errors", LogQuestionnaireErrorsOperation.PostAsync);
        // Adaptive forms (SDC): DTR points clients at [base]/$next-question; the type-level address works too.
        fhir.MapPost("Questionnaire/" + NextQuestionOperation.Name, NextQuestionOperation.PostAsync);
        fhir.MapPost(NextQuestionOperation.Name, NextQuestionOperation.PostAsync);

        fhir.MapGet("ValueSet/$expand", (HttpRequest http, FhirRequestReader reader, IConformanceResources resources, ValueSetExpansions expansions, CancellationToken ct) =>
            ArtifactEndpoints.ExpandAsync(null, http, reader, resources, expansions, ct));
        fhir.MapPost("ValueSet/$expand", (HttpRequest http, FhirRequestReader reader, IConformanceResources resources, ValueSetExpansions expansions, CancellationToken ct) =>
            ArtifactEndpoints.ExpandAsync(null, http, reader, resources, expansions, ct));
        fhir.MapGet("ValueSet/{id}/$expand", (string id, HttpRequest http, FhirRequestReader reader, IConformanceResources resources, ValueSetExpansions expansions, CancellationToken ct) =>
            ArtifactEndpoints.ExpandAsync(id, http, reader, resources, expansions, ct));

        foreach (var type in ArtifactEndpoints.ServedTypes)
        {
            fhir.MapGet(type, (HttpRequest http, IConformanceResources resources) => ArtifactEndpoints.Search(type, http, resources));
            fhir.MapGet(type + "/{id}", (string id, IConformanceResources resources) => ArtifactEndpoints.Read(type, id, resources));
        }
        return endpoints;
    }
}

/// <summary>Declares the DTR resources, their interactions and search parameters, and the operations.</summary>
internal sealed class DtrCapability : ICapabilityContribution
{
    public const string ExpandDefinition = "http://hl7.org/fhir/OperationDefinition/ValueSet-expand";

    public void Contribute(CapabilityStatementBuilder statement)
    {
        foreach (var type in ArtifactEndpoints.ServedTypes)
        {
            var resource = statement.Resource(type).AddInteraction("read").AddInteraction("search-type");
            foreach (var parameter in ArtifactEndpoints.SearchParameters)
                resource.AddSearchParam(parameter, parameter switch { "url" => "uri", "name" => "string", _ => "token" });
        }
        statement.Resource("Questionnaire").AddOperation("questionnaire-package", QuestionnairePackageOperation.Definition)
            .AddOperation("log-questionnaire-errors", LogQuestionnaireErrorsOperation.Definition)
            .AddOperation("next-question", NextQuestionOperation.Definition);
        statement.Resource("ValueSet").AddOperation("expand", ExpandDefinition);
        statement.AddSystemOperation("questionnaire-package", QuestionnairePackageOperation.Definition);
        statement.AddSystemOperation("next-question", NextQuestionOperation.Definition);
    }
}

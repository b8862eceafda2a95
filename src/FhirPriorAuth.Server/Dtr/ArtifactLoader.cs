using FhirPriorAuth.Policies.Artifacts;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Loads the artifacts once for both the start-up check and the endpoints, so a server that started serves
/// exactly what was checked.
/// </summary>
internal sealed partial class ArtifactLoader(IHostEnvironment environment, ILogger<ArtifactLoader> logger)
{
    private readonly Lock _gate = new();
    private (PolicyCatalog Catalog, CatalogConformanceResources Resources)? _loaded;

    public CatalogConformanceResources Get(DtrOptions options) => Load(options).Resources;

    /// <summary>The catalog itself, for features that decide with the same policies DTR serves.</summary>
    public PolicyCatalog Catalog(DtrOptions options) => Load(options).Catalog;

    private (PolicyCatalog Catalog, CatalogConformanceResources Resources) Load(DtrOptions options)
    {
        lock (_gate)
        {
            if (_loaded is { } done)
                return done;
            var catalog = PolicyCatalog.Load(Resolve(options.QuestionnairesRoot), Resolve(options.PackageRoot));
            _loaded = (catalog, new CatalogConformanceResources(catalog));
            var resources = _loaded.Value.Resources;
            LogLoaded(logger, catalog.Policies.Count, resources.OfType("Questionnaire").Count, resources.OfType("Library").Count, resources.OfType("ValueSet").Count);
            return _loaded.Value;
        }
    }

    private string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
            return path;
        var besideBinaries = Path.Combine(AppContext.BaseDirectory, path);
        return Directory.Exists(besideBinaries) ? besideBinaries : Path.Combine(environment.ContentRootPath, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy artifacts loaded: {Policies} policies, {Questionnaires} Questionnaires, {Libraries} Libraries, {ValueSets} ValueSets")]
    private static partial void LogLoaded(ILogger logger, int policies, int questionnaires, int libraries, int valueSets);
}

/// <summary>Refuses to start when any artifact failed to load: serving a partial policy set would give wrong answers.</summary>
internal sealed class ArtifactsLoadCheck(ArtifactLoader loader) : IValidateOptions<DtrOptions>
{
    public ValidateOptionsResult Validate(string? name, DtrOptions options)
    {
        var problems = loader.Get(options).Problems;
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{problems.Count} policy artifact problem(s): {string.Join("; ", problems)}");
    }
}

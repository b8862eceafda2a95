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
    private CatalogConformanceResources? _loaded;

    public CatalogConformanceResources Get(DtrOptions options)
    {
        lock (_gate)
        {
            if (_loaded is not null)
                return _loaded;
            _loaded = new CatalogConformanceResources(PolicyCatalog.Load(Resolve(options.QuestionnairesRoot), Resolve(options.PackageRoot)));
            LogLoaded(logger, _loaded.OfType("Questionnaire").Count, _loaded.OfType("Library").Count, _loaded.OfType("ValueSet").Count);
            return _loaded;
        }
    }

    private string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
            return path;
        var besideBinaries = Path.Combine(AppContext.BaseDirectory, path);
        return Directory.Exists(besideBinaries) ? besideBinaries : Path.Combine(environment.ContentRootPath, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DTR artifacts loaded: {Questionnaires} Questionnaires, {Libraries} Libraries, {ValueSets} ValueSets")]
    private static partial void LogLoaded(ILogger logger, int questionnaires, int libraries, int valueSets);
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

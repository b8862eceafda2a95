namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Where the artifacts DTR serves are (section <c>Dtr</c>). Relative paths are looked up next to the server's
/// binaries (where the build copies them), then under the content root.
/// </summary>
public sealed class DtrOptions
{
    public const string Section = "Dtr";

    public const string DefaultQuestionnairesRoot = "questionnaires";

    public const string DefaultPackageRoot = "ig-packages/fhirpriorauth";

    /// <summary>The policy artifacts: <c>&lt;payer&gt;/&lt;drug&gt;/</c> folders of PlanDefinitions, Questionnaires and Libraries.</summary>
    public string QuestionnairesRoot { get; set; } = DefaultQuestionnairesRoot;

    /// <summary>The project's FHIR package: CodeSystems and ValueSets.</summary>
    public string PackageRoot { get; set; } = DefaultPackageRoot;

    /// <summary>The output parameter naming each package Bundle: <c>PackageBundle</c> (DTR 2.0.1/2.1) or <c>packagebundle</c> (2.2).</summary>
    public string PackageBundleParameter { get; set; } = "PackageBundle";
}

using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Tests.Decisions;

namespace FhirPriorAuth.Policies.Tests.Artifacts;

/// <summary>A temporary copy of the test artifacts that a test may change before loading.</summary>
internal sealed class ArtifactFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("fpa-policies-").FullName;

    public ArtifactFolder()
    {
        foreach (var file in Directory.EnumerateFiles(TestPolicy.Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(TestPolicy.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Questionnaires => Path.Combine(Root, "questionnaires");
    public string Package => Path.Combine(Root, "package");
    public string LutatheraFolder => Path.Combine(Questionnaires, "wellmark", "lutathera");

    public JsonObject Read(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(LutatheraFolder, name)))!;

    public void Write(string name, JsonNode json) => File.WriteAllText(Path.Combine(LutatheraFolder, name), json.ToJsonString());

    public const string Plan = "PlanDefinition-test-wellmark-lutathera.json";
    public const string Questionnaire = "Questionnaire-test-lutathera.json";

    /// <summary>Changes the test PlanDefinition and loads the folder.</summary>
    public PolicyCatalog LoadWithPlan(Action<JsonObject> change)
    {
        var plan = Read(Plan);
        change(plan);
        Write(Plan, plan);
        return Load();
    }

    public PolicyCatalog Load() => PolicyCatalog.Load(Questionnaires, Package);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

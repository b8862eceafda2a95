using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>The committed DTR content: Questionnaires and Libraries per policy, and the project's FHIR package.</summary>
internal static class DtrArtifacts
{
    public const string Base = "http://fhirpriorauth.example.org/fhir";
    public const string PaEvidence = Base + "/CodeSystem/pa-evidence";
    public const string InitialExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";
    public const string CqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library";

    public static string PackageDir { get; } = Path.Combine(SharedData.RepoRoot, "ig-packages", "fhirpriorauth");
    public static string PolicyDir { get; } = Path.Combine(SharedData.RepoRoot, "questionnaires");

    public static IEnumerable<string> Files(string dir, string pattern, bool recursive) =>
        Directory.EnumerateFiles(dir, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal);

    public static IReadOnlyList<string> QuestionnaireFiles { get; } = Files(PolicyDir, "Questionnaire-*.json", true).ToList();

    public static IReadOnlyList<string> LibraryFiles { get; } =
        Files(PolicyDir, "Library-*.json", true).Concat(Files(PackageDir, "Library-*.json", false)).ToList();

    public static IReadOnlyList<string> PackageResourceFiles { get; } =
        Files(PackageDir, "*-*.json", false).Where(f => !Path.GetFileName(f).Equals("package.json", StringComparison.Ordinal)).ToList();

    public static string Relative(string path) => Path.GetRelativePath(SharedData.RepoRoot, path).Replace('\\', '/');

    public static FhirParseResult ParseFile(string path) => FhirJsonParser.Parse(File.ReadAllBytes(path));

    public static JsonObject Load(string path) =>
        ParseFile(path).Resource ?? throw new InvalidDataException($"{Relative(path)} is not a FHIR resource");

    public static IReadOnlyList<JsonObject> Questionnaires() => QuestionnaireFiles.Select(Load).ToList();

    public static IReadOnlyList<JsonObject> Libraries() => LibraryFiles.Select(Load).ToList();

    /// <summary>Every CodeSystem and ValueSet in the package, by canonical url.</summary>
    public static IReadOnlyDictionary<string, JsonObject> PackageByUrl() =>
        PackageResourceFiles.Select(Load).Where(r => r["url"] is not null).ToDictionary(r => (string)r["url"]!, StringComparer.Ordinal); // payer Organizations have no canonical url

    /// <summary>Items at every depth, in document order.</summary>
    public static IEnumerable<JsonObject> AllItems(JsonObject container)
    {
        foreach (var item in container["item"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            yield return item;
            foreach (var child in AllItems(item)) yield return child;
        }
    }

    public static string LinkId(JsonObject item) => (string)item["linkId"]!;

    public static IEnumerable<JsonObject> Extensions(JsonObject element, string url) =>
        element["extension"]?.AsArray().OfType<JsonObject>().Where(e => (string?)e["url"] == url) ?? [];

    /// <summary>The decoded content of a Library with the given content type.</summary>
    public static string Content(JsonObject library, string contentType)
    {
        var data = library["content"]!.AsArray().OfType<JsonObject>()
            .Single(c => (string?)c["contentType"] == contentType)["data"]!.GetValue<string>();
        return Encoding.UTF8.GetString(Convert.FromBase64String(data));
    }

    /// <summary>The names of a library's ELM statements (its defines and functions).</summary>
    public static IReadOnlySet<string> ElmDefines(JsonObject library)
    {
        var elm = JsonNode.Parse(Content(library, "application/elm+json"))!;
        return elm["library"]!["statements"]!["def"]!.AsArray().Select(d => (string)d!["name"]!).ToHashSet(StringComparer.Ordinal);
    }
}

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>Where the official policy artifacts are: <c>questionnaires/</c> and <c>ig-packages/fhirpriorauth/</c>.</summary>
public sealed record PolicyRoots(string Questionnaires, string Package)
{
    public const string QuestionnairesFolder = "questionnaires";
    public static readonly string PackageFolder = Path.Combine("ig-packages", "fhirpriorauth");

    /// <summary>The roots under one folder (a checkout, or a server's output folder holding copies).</summary>
    public static PolicyRoots Under(string folder) =>
        new(Path.Combine(folder, QuestionnairesFolder), Path.Combine(folder, PackageFolder));

    /// <summary>
    /// The first folder, starting at each candidate (the content root, then the app base directory) and walking up,
    /// that holds <c>questionnaires/</c>: a published server has them beside its binaries, a checkout at its root.
    /// </summary>
    public static PolicyRoots? Find(params string?[] startFolders)
    {
        foreach (var start in startFolders.Append(AppContext.BaseDirectory))
        {
            if (string.IsNullOrEmpty(start)) continue;
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, QuestionnairesFolder)))
                    return Under(dir.FullName);
        }
        return null;
    }

    /// <summary>Loads the catalog from these roots.</summary>
    public PolicyCatalog Load() => PolicyCatalog.Load(Questionnaires, Package);
}

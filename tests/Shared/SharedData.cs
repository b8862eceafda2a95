namespace FhirPriorAuth.Testing;

/// <summary>
/// Finds the read-only <c>shared/</c> folder (conformance fixtures, IG packages, seeds) beside the checkout.
/// CI sets <c>FPA_SHARED</c>; then a missing folder is a failure. Locally, tests that need it skip with a message.
/// </summary>
public static class SharedData
{
    /// <summary>The shared folder, or null when it is absent and <c>FPA_SHARED</c> is not set.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>The message a test skips with when <see cref="Root"/> is null.</summary>
    public const string MissingMessage = "../shared is absent (set FPA_SHARED to its path to run these tests)";

    /// <summary>A path under shared/, or null when shared/ is absent (callers skip).</summary>
    public static string? PathTo(params string[] parts) => Root is null ? null : Path.Combine([Root, .. parts]);

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("FPA_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            if (!Directory.Exists(configured))
                throw new DirectoryNotFoundException($"FPA_SHARED names '{configured}', which does not exist");
            return Path.GetFullPath(configured);
        }
        // Walk up from the test binaries to the checkout root and look beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FhirPriorAuth.sln")))
            {
                var candidate = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }

    /// <summary>The checkout root (the folder holding FhirPriorAuth.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FhirPriorAuth.sln"))) return dir.FullName;
        throw new InvalidOperationException("FhirPriorAuth.sln not found above the test binaries");
    }
}

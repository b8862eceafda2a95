using System.Globalization;

namespace FhirPriorAuth.Fhir.Model;

/// <summary>The generated R4 table (<c>r4-model.tsv</c>), parsed once into dictionaries on first use.</summary>
internal sealed class ModelTable
{
    private static readonly Lazy<ModelTable> Lazy = new(Load);

    public static ModelTable Instance => Lazy.Value;

    public Dictionary<string, FhirTypeInfo> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Elements by their definition path (<c>Claim.item</c>).</summary>
    public Dictionary<string, ElementInfo> ByPath { get; } = new(StringComparer.Ordinal);

    /// <summary>Elements declared directly under a type or backbone path, in definition order.</summary>
    public Dictionary<string, List<ElementInfo>> ChildrenOf { get; } = new(StringComparer.Ordinal);

    /// <summary>The embedded table text, exactly as committed.</summary>
    public static string ReadText()
    {
        using var stream = typeof(ModelTable).Assembly.GetManifestResourceStream(R4Model.TableResourceName)
            ?? throw new InvalidOperationException($"embedded resource {R4Model.TableResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ModelTable Load()
    {
        var table = new ModelTable();
        foreach (var line in ReadText().Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            if (f[0] == "T")
            {
                var kind = f[2] switch { "P" => TypeKind.PrimitiveType, "C" => TypeKind.ComplexType, _ => TypeKind.Resource };
                table.Types[f[1]] = new FhirTypeInfo(f[1], kind, f[3].Length == 0 ? null : f[3], f[4] == "1");
            }
            else if (f[0] == "E")
            {
                var types = f[2].Length == 0 ? [] : f[2].Split(',');
                var e = new ElementInfo(f[1], types, int.Parse(f[3], CultureInfo.InvariantCulture), f[4] != "1",
                    f[5].Length == 0 ? null : f[5]);
                table.ByPath[e.Path] = e;
                var parent = e.Path[..e.Path.LastIndexOf('.')];
                if (!table.ChildrenOf.TryGetValue(parent, out var list)) table.ChildrenOf[parent] = list = [];
                list.Add(e);
            }
        }
        return table;
    }
}

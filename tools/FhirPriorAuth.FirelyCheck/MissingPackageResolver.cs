using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace FhirPriorAuth.FirelyCheck;

/// <summary>
/// Resolves what the Da Vinci packages depend on but this machine does not hold (US Core 7, HRex, the 5.x extensions
/// pack): a versioned canonical falls back to the same canonical unversioned (core R4 holds most extensions); an
/// unavailable profile used as a base (US Core, SDC) falls back to the core type it constrains; any other unavailable
/// extension becomes a plain Extension with its url fixed. The profile's own snapshot still carries every constraint
/// it inherits, so only the checks that need the missing definition itself are lost. Each substitution is recorded
/// so a test can show exactly what was not checked.
/// </summary>
internal sealed class MissingPackageResolver(IAsyncResourceResolver inner) : IAsyncResourceResolver
{
    private const string CoreSd = "http://hl7.org/fhir/StructureDefinition/";
    private const string UsCoreSd = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-";

    private readonly ConcurrentDictionary<string, string> baseTypes = new();

    public ConcurrentDictionary<string, string> Substituted { get; } = new();

    public Task<ResolverResult> TryResolveByUriAsync(string uri) => inner.TryResolveByUriAsync(uri);

    [Obsolete("The SDK's older form; the Try forms say why nothing was found.")]
    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri)).Value;

    [Obsolete("The SDK's older form; the Try forms say why nothing was found.")]
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri)).Value;

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri)
    {
        var found = await inner.TryResolveByCanonicalUriAsync(uri);
        if (found.Success)
        {
            // The compiler reads a profile before its base: remember which type a base must constrain.
            if (found.Value is StructureDefinition { BaseDefinition: { } baseUrl, Type: { } type })
                baseTypes.TryAdd(baseUrl, type);
            return found;
        }
        var bare = uri.Split('|')[0];
        if (baseTypes.TryGetValue(uri, out var baseType)
            && await inner.TryResolveByCanonicalUriAsync(CoreSd + baseType) is { Success: true, Value: StructureDefinition baseSd })
            return Substitute(uri, baseType, baseSd);
        if (bare != uri && await inner.TryResolveByCanonicalUriAsync(bare) is { Success: true } unversioned)
            return Substitute(uri, bare, unversioned.Value!);
        if (!bare.Contains("/StructureDefinition/", StringComparison.Ordinal))
            return found;
        if (bare.StartsWith(UsCoreSd, StringComparison.Ordinal) && await CoreResourceFor(bare) is { } core)
            return Substitute(uri, core.Url ?? "", core);
        if (await inner.TryResolveByCanonicalUriAsync(CoreSd + "Extension") is { Success: true, Value: StructureDefinition extension })
            return Substitute(uri, "Extension", PlainExtension(extension, bare));
        return found;
    }

    // US Core names its profiles us-core-<resource>[-<qualifier>]; the longest resource name that resolves wins.
    private async Task<StructureDefinition?> CoreResourceFor(string usCoreUrl)
    {
        var parts = usCoreUrl[UsCoreSd.Length..].Split('-');
        for (var take = parts.Length; take > 0; take--)
        {
            var name = string.Concat(parts.Take(take));
            foreach (var candidate in TypeNames.Where(t => t.Equals(name, StringComparison.OrdinalIgnoreCase)))
                if (await inner.TryResolveByCanonicalUriAsync(CoreSd + candidate) is { Success: true, Value: StructureDefinition sd } && sd.Kind == StructureDefinition.StructureDefinitionKind.Resource)
                    return sd;
        }
        return null;
    }

    private static readonly string[] TypeNames = Hl7.Fhir.Model.ModelInfo.SupportedResources.ToArray();

    private static StructureDefinition PlainExtension(StructureDefinition extension, string url)
    {
        var copy = (StructureDefinition)extension.DeepCopy();
        copy.Url = url;
        copy.Derivation = StructureDefinition.TypeDerivationRule.Constraint;
        copy.BaseDefinition = CoreSd + "Extension";
        foreach (var element in (copy.Snapshot?.Element ?? []).Where(e => e.Path == "Extension.url"))
            element.Fixed = new FhirUri(url);
        return copy;
    }

    private ResolverResult Substitute(string wanted, string used, Resource resource)
    {
        Substituted[wanted] = used;
        return new ResolverResult(resource);
    }
}

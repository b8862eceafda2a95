using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Dtr;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// The Coverage Information system action (CRD 2.0.1 cards.md): an <c>update</c> of the order carrying the
/// <c>ext-coverage-information</c> extension, the order otherwise echoed as sent. The encoding is valid under 2.0.1
/// and 2.2: <c>pa-needed</c> whenever the order is not "not-covered" (2.0.1 crd-ci-q2 as its expression reads),
/// <c>questionnaire</c> only with <c>doc-needed</c> (q1), no <c>satisfied-pa-id</c> without <c>satisfied</c> (q5).
/// </summary>
internal static class CoverageInformation
{
    public const string Url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    public const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Ndc = "http://hl7.org/fhir/sid/ndc";

    /// <summary>Hooks on which coverage information SHALL NOT ask for clinical or administrative documentation (2.0.1 hooks.md).</summary>
    public static bool IsSecondary(string hook) => hook is "order-select" or "encounter-start" or "encounter-discharge";

    public static JsonObject Action(OrderAssessment assessment, JsonObject coverage, CrdCall call)
    {
        var resource = assessment.Target.DeepClone().AsObject();
        // A re-sent order may carry an earlier annotation; it is replaced, never stacked (2.2 resp-37: nothing else changes).
        var kept = resource["extension"] is JsonArray existing
            ? existing.Where(e => e is not JsonObject o || o.Str("url") != Url).Select(e => e?.DeepClone()).ToList()
            : [];
        var extension = Extension(assessment, coverage, call, resource);
        resource["extension"] = new JsonArray([.. kept, extension]);
        return new JsonObject
        {
            ["type"] = "update",
            ["description"] = $"Record {assessment.PayerName} coverage information on {HookResources.Key(assessment.Target)}: {Phrase(assessment.Statement)}",
            ["resource"] = resource,
        };
    }

    private static JsonObject Extension(OrderAssessment assessment, JsonObject coverage, CrdCall call, JsonObject unannotated)
    {
        var statement = assessment.Statement;
        var documentation = statement.DocumentationNeeded && !IsSecondary(call.Hook);
        var parts = new JsonArray
        {
            Part("coverage", "valueReference", new JsonObject { ["reference"] = HookResources.Key(coverage) }),
            Part("covered", "valueCode", statement.Covered),
        };
        if (statement.PaNeeded is { } pa)
            parts.Add(Part("pa-needed", "valueCode", pa));
        if (documentation)
        {
            parts.Add(Part("doc-needed", "valueCode", "clinical"));
            parts.Add(Part("doc-purpose", "valueCode", "withpa"));
        }
        foreach (var code in BillingCodes(assessment))
            parts.Add(Part("billingCode", "valueCoding", code));
        var reason = new JsonObject { ["text"] = statement.Reason };
        if (statement.ReasonCode is { } reasonCode)
            reason = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = Crd22.ReasonSystem, ["code"] = reasonCode }), ["text"] = statement.Reason };
        parts.Add(Part("reason", "valueCodeableConcept", reason));
        if (documentation && assessment.Questionnaire is { } questionnaire)
            parts.Add(Part("questionnaire", "valueCanonical", questionnaire));
        parts.Add(Part("date", "valueDate", call.Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        parts.Add(Part("coverage-assertion-id", "valueString", AssertionId(coverage, unannotated, parts)));
        // q5: satisfied-pa-id exactly when pa-needed is satisfied (and, q1/q4, with no documentation asked for).
        if (statement.PaNeeded == "satisfied" && statement.SatisfiedPaId is { } authorization)
            parts.Add(Part("satisfied-pa-id", "valueString", authorization));
        return new JsonObject { ["url"] = Url, ["extension"] = parts };
    }

    /// <summary>
    /// Unique per coverage, order and assertion, and the same for the same request content: a digest of the Coverage
    /// reference, the order as sent (without any earlier annotation) and the assertion's own elements except its date.
    /// </summary>
    private static string AssertionId(JsonObject coverage, JsonObject order, JsonArray parts)
    {
        var text = new StringBuilder(HookResources.Key(coverage)).Append('\n');
        var copy = order.DeepClone().AsObject();
        if (copy["extension"] is JsonArray extensions)
        {
            var kept = extensions.Where(e => e is not JsonObject o || o.Str("url") != Url).Select(e => e?.DeepClone()).ToList();
            if (kept.Count == 0)
                copy.Remove("extension");
            else
                copy["extension"] = new JsonArray([.. kept]);
        }
        text.Append(copy.ToJsonString()).Append('\n');
        foreach (var part in parts.OfType<JsonObject>().Where(p => p.Str("url") != "date"))
            text.Append(part.ToJsonString()).Append('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The code the assertion holds for: Lutathera's HCPCS, a medical-benefit everolimus HCPCS, or the NDC ordered.</summary>
    private static IEnumerable<JsonObject> BillingCodes(OrderAssessment assessment)
    {
        if (assessment.Drug is null || assessment.Statement.Kind is CoverageKind.UnknownPayer)
            yield break;
        if (assessment.Drug == "lutathera")
            yield return new JsonObject { ["system"] = Hcpcs, ["code"] = "A9513", ["display"] = "Lutetium Lu 177, dotatate, therapeutic, 1 millicurie" };
        else if (Coding(assessment.Medication, Hcpcs) is { } hcpcs)
            yield return new JsonObject { ["system"] = Hcpcs, ["code"] = hcpcs };
        else if (Coding(assessment.Medication, Ndc) is { } ndc)
            yield return new JsonObject { ["system"] = Ndc, ["code"] = ndc };
    }

    private static string? Coding(JsonObject? concept, string system) =>
        concept.Codings().FirstOrDefault(c => c.System == system && c.Code is not null).Code;

    private static JsonObject Part(string url, string valueName, JsonNode value) => new() { ["url"] = url, [valueName] = value };

    /// <summary>A few words for the system action's description.</summary>
    public static string Phrase(CoverageStatement statement) => statement.Kind switch
    {
        CoverageKind.PriorAuthNeeded => "prior authorization needed",
        CoverageKind.AuthorizationOnFile => "covered by an existing prior authorization",
        CoverageKind.NotCovered => "not covered as requested",
        CoverageKind.NoAuthNeeded => "no prior authorization needed",
        CoverageKind.PharmacyBenefit => "pharmacy benefit; ask the pharmacy benefit manager",
        CoverageKind.MemberNotFound => "member not found",
        _ when statement.Covered == "indeterminate" => "coverage could not be determined",
        _ => "contact the payer",
    };
}

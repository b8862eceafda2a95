namespace FhirPriorAuth.FirelyCheck;

/// <summary>
/// Findings of Firely's validator that are its own limits (or the missing dependency packages'), not our errors. Each
/// entry names an example from the IG's own package that gets the same finding; a test holds every entry to it.
/// </summary>
public static class FirelyLimits
{
    /// <summary>A known limitation: a message fragment, optionally where, why, and the IG example that shows it.</summary>
    /// <param name="Example">A file in the package, optionally <c>#entry[i].resource</c> inside a Bundle.</param>
    /// <param name="Claim">A profile the example content is claimed under to show the finding, when the example claims another.</param>
    public sealed record Limit(string Message, string? Expression, string Reason, string Package, string Example, string? Claim = null);

    public static readonly Limit[] All =
    [
        // dtr-std-questionnaire constrains the children of Questionnaire.item.answerOption.value[x] (an extension slice
        // for rendering-xhtml). Firely then takes those children as the complete content of the choice element, whatever
        // type the instance uses, and reports a valueCoding's system/code/display as unknown; the profile allows Coding.
        new("Encountered unknown child elements", "answerOption",
            "a profile that constrains the children of a choice element (answerOption.value[x].extension) makes Firely treat them as the element's only children",
            "hl7.fhir.us.davinci-dtr-2.0.1.tgz", "example/Bundle-DTRQuestionnairePackageOperationResultComplex.json#entry[0].resource",
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire"),
    ];

    /// <summary>The limitation that explains a finding, or null when the finding stands.</summary>
    public static Limit? Explain(FirelyFinding finding) => All.FirstOrDefault(l =>
        finding.Message.Contains(l.Message, StringComparison.Ordinal)
        && (l.Expression is null || finding.Expression.Contains(l.Expression, StringComparison.Ordinal)));
}

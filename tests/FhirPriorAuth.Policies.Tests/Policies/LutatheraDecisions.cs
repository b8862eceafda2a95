using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>Decides Lutathera patients under the checked-in policy artifacts, and finds criteria in the result.</summary>
public static class LutatheraDecisions
{
    private static readonly Lazy<PolicyCatalog> Loaded = new(() => PolicyRoots.Under(SharedData.RepoRoot).Load());

    public static PolicyCatalog Catalog => Loaded.Value;

    /// <summary>Load problems in the Lutathera artifacts (other payers' and drugs' files are not this suite's concern).</summary>
    public static IReadOnlyList<PolicyLoadProblem> LutatheraProblems =>
        Catalog.Problems.Where(p => p.File.Replace('\\', '/').Contains("/lutathera/", StringComparison.Ordinal)).ToList();

    public static Decision Decide(LutatheraPatient patient, Documentation documentation) =>
        DecisionEngine.Decide(Evidence(patient, documentation), Catalog);

    /// <summary>The facts of the request as the evidence layer states them from the rendered request.</summary>
    public static EvidenceSet Evidence(LutatheraPatient patient, Documentation documentation) =>
        documentation == Documentation.Facts ? Facts(patient) : Extracted(patient, documentation);

    private static EvidenceSet Extracted(LutatheraPatient patient, Documentation documentation) =>
        PasBundleEvidence.Extract(patient.Bundle(documentation), patient.ServiceDate);

    /// <summary>The patient's facts stated directly, as the evidence layer would after extraction.</summary>
    private static EvidenceSet Facts(LutatheraPatient patient)
    {
        var set = new EvidenceSet();
        void Add(string name, object value) => set.Add(new Fact(name, value, new FactSource(FactSourceKind.Resource, "test/" + name)));
        Add("payer", patient.Payer);
        Add("drug", "lutathera");
        Add("lineOfBusiness", "commercial");
        Add("serviceDate", PartialDateTime.ParseDate(patient.ServiceDate.ToString("yyyy-MM-dd"))!);
        if (patient.Age is { } age) Add("age", age);
        foreach (var code in patient.Diagnoses) Add("diagnosis", code);
        Add("dosesRequested", patient.DosesRequested);
        Add("dosesGiven", patient.DosesGiven);
        Add("continuation", patient.Continuation);
        // The doses rendered 8 weeks apart are one course: no earlier PRRT course (as LutatheraCourse derives it).
        if (patient.DosesGiven > 0) Add("priorPrrtCourse", false);
        foreach (var (name, value) in patient.Clinical)
        {
            switch (value)
            {
                case null: break;
                case string[] values: foreach (var v in values) Add(name, v); break;
                default: Add(name, value); break;
            }
        }
        return set;
    }

    /// <summary>The evaluated criterion (pathway, criterion, exclusion or modification) with this id.</summary>
    public static CriterionResult Evaluated(this Decision decision, string id) =>
        Find(decision.Criteria, id) ?? throw new Xunit.Sdk.XunitException(
            $"no criterion '{id}' in the decision; top level: {string.Join(", ", decision.Criteria.Select(c => c.Id))}");

    private static CriterionResult? Find(IReadOnlyList<CriterionResult> results, string id)
    {
        foreach (var r in results)
            if (r.Id == id) return r;
            else if (Find(r.Children, id) is { } found) return found;
        return null;
    }
}

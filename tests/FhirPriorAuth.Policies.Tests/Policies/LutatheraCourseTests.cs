using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Issue 9 class 2: Lutathera doses already given are counted from every source the contract allows, de-duplicated,
/// and an unknown count pends the 4-dose cap; a second full course is never approved; PRRT of an earlier course counts
/// against Wellmark 4.a. Each row is a chart history and a request for 4 doses, decided under both payers.
/// </summary>
public sealed class LutatheraCourseTests
{

    public static TheoryData<string, string, int?, bool?, string> Histories => new()
    {
        // name, payer, dosesGiven stated, dosesGivenIncomplete, action for a request of 4 more doses
        { "a full course a year ago, told as a statement with 4 doses", "wellmark", 4, null, "Denied" },
        { "a full course a year ago, told as a statement with 4 doses", "capital-blue-cross", 4, null, "Denied" },
        { "a statement of 2 doses plus the 2 administrations it tells", "wellmark", 2, null, "Modified" },
        { "a course told without a dose count", "wellmark", null, true, "Pended" },
        { "a course told without a dose count", "capital-blue-cross", null, true, "Pended" },
        { "no Lutathera before", "wellmark", 0, null, "Approved" },
    };

    private static PasRequestBuilder Request(string name, string payer)
    {
        // Capital Blue Cross retired its policy after 2026-01-31.
        var on = payer == "wellmark" ? PasRequestBuilder.DefaultServiceDate : new DateOnly(2025, 11, 3);
        var b = PasRequestBuilder.Lutathera(payer, doses: 4).ServiceDate(on);
        switch (name)
        {
            case "a full course a year ago, told as a statement with 4 doses":
                b.LutatheraCourseStatement(on.AddDays(-400), on.AddDays(-232), 4);
                break;
            case "a statement of 2 doses plus the 2 administrations it tells":
                b.Renewal().LutatheraDoseGiven(on.AddDays(-112)).LutatheraDoseGiven(on.AddDays(-56))
                    .LutatheraCourseStatement(on.AddDays(-112), on.AddDays(-56), 2);
                break;
            case "a course told without a dose count":
                b.LutatheraCourseStatement(on.AddDays(-400), on.AddDays(-232), null);
                break;
            default:
                b.Certification("I");
                break;
        }
        return b;
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Doses_already_given_come_from_statements_too(string name, string payer, int? given, bool? incomplete, string action)
    {
        var evidence = PasBundleEvidence.Extract(Request(name, payer).Build());

        Assert.Equal(given, evidence["dosesGiven"].SingleOrDefault()?.Value as int?);
        Assert.Equal(incomplete, evidence["dosesGivenIncomplete"].SingleOrDefault()?.Value as bool?);
        // The dose cap is what these histories decide: "a total of 4 doses" is investigational beyond 4.
        var decision = DecisionEngine.Decide(Approvable(evidence, payer), LutatheraDecisions.Catalog);
        Assert.True(decision.Action.ToString() == action, decision.Summary);
    }

    /// <summary>The clinical facts of a patient every indication-2 / initial criterion approves, added as stated facts.</summary>
    private static EvidenceSet Approvable(EvidenceSet evidence, string payer)
    {
        var patient = payer == "wellmark" ? LutatheraWellmarkTests.GepProgressing : LutatheraCapitalBlueCrossTests.Initial;
        var stated = LutatheraDecisions.Evidence(patient, Documentation.Facts);
        foreach (var name in stated.Names)
            if (evidence[name].Count == 0 && name is not ("dosesGiven" or "continuation" or "priorPrrtCourse" or "dosesRequested"))
                foreach (var fact in stated[name]) evidence.Add(fact);
        return evidence;
    }
}

using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// The two request routes really are different evidence (chart resources vs DTR answers), each criterion's reason
/// names where its facts came from, and a chart/answer disagreement pends instead of picking a side.
/// </summary>
public sealed class EverolimusRouteTests
{
    [Theory]
    [InlineData(EvidenceRoute.PasBundle, FactSourceKind.Resource, "Claim/request (Claim.diagnosis")]
    [InlineData(EvidenceRoute.Dtr, FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/dtr-response#diagnosis")]
    public void The_diagnosis_criterion_cites_the_resource_or_answer_that_documents_it(EvidenceRoute route, FactSourceKind kind, string source)
    {
        var decision = EverolimusPolicy.Decide(EverolimusRequest.Qualifying("breast"), route);

        var criterion = decision.Criterion("i-a-diagnosis-breast");
        Assert.Equal(CriterionOutcome.Met, criterion.Outcome);
        var fact = Assert.Single(criterion.Evidence);
        Assert.Equal(kind, fact.Source.Kind);
        Assert.True(criterion.Reason.Contains(source, StringComparison.Ordinal), criterion.Reason);
    }

    [Fact]
    public void A_chart_and_a_DTR_answer_that_disagree_on_HER2_pend_and_name_the_conflict()
    {
        var bundle = PasRequestBuilder.Everolimus().Commercial().Diagnosis("C50.911").ClinicalM()
            .HormoneReceptors(true, true).Her2(false)
            .Therapy("letrozole", EverolimusRequest.ServiceDate.AddDays(-400), EverolimusRequest.ServiceDate.AddDays(-60))
            .Therapy("exemestane", EverolimusRequest.ServiceDate.AddDays(-7))
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("her2Status", "positive"))
            .Build();

        var evidence = PasBundleEvidence.Extract(bundle, EverolimusRequest.ServiceDate);
        var decision = DecisionEngine.Decide(evidence, PolicyCatalog.Of(EverolimusPolicy.Policy));

        Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
        Assert.Equal("her2Status", Assert.Single(decision.Conflicts).Name);
        Assert.Equal(CriterionOutcome.Unknown, decision.Criterion("i-a-receptor-status").Outcome);
        Assert.Contains("Conflicting documentation: her2Status", decision.Summary, StringComparison.Ordinal);
    }
}

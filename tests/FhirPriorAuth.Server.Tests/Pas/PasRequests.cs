using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>Requests whose decisions under the checked-in policies are known, built as the policy tests build them.</summary>
internal static class PasRequests
{
    public static readonly DateOnly ServiceDate = new(2026, 3, 2);

    /// <summary>Wellmark indication 1: metastatic typical lung carcinoid, significant burden, first line.</summary>
    public static PasRequestBuilder LutatheraQualifying() =>
        PasRequestBuilder.Lutathera("wellmark").ServiceDate(ServiceDate).Patient(60).Diagnosis("C7A.090")
            .ClinicalM(true).Flag("tumor-burden-significant", true).MitoticRate(1m).TumorNecrosis(false)
            .Coded("line-of-therapy", "first-line").SstrImaging(true).AdequateOrganFunction(true);

    /// <summary>Wellmark Lutathera with only a diagnosis: everything the policy reads is undocumented.</summary>
    public static PasRequestBuilder LutatheraUndocumented() =>
        PasRequestBuilder.Lutathera("wellmark").ServiceDate(ServiceDate).Patient(60).Diagnosis("C7A.090");

    /// <summary>Centene breast pathway, brand Afinitor requested: the policy approves the generic instead.</summary>
    public static PasRequestBuilder AfinitorForBreastCancer() =>
        PasRequestBuilder.Everolimus("centene").ServiceDate(ServiceDate).Commercial().Patient(60).Prescriber("207RX0202X")
            .Diagnosis("C50.911").ClinicalM(true).HormoneReceptors(true, true).Her2(false)
            .Therapy("letrozole", ServiceDate.AddYears(-2), ServiceDate.AddYears(-1), stopReason: "progression")
            .Therapy("exemestane", ServiceDate.AddDays(-30), status: "active");
}

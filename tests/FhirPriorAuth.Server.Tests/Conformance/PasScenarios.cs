using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Tests.Pas;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>
/// One submission per kind of answer the server gives, each sent through a version's <c>$submit</c>: the answer
/// checked is the last one, after its action codes are confirmed (so a profile test cannot pass on the wrong answer).
/// </summary>
internal static class PasScenarios
{
    public static TheoryData<string> Names() => ["approve", "modify", "modify-quantity", "deny", "pend", "cancel-line", "out-of-policy"];

    public static async Task<JsonObject> AnswerAsync(string scenario, Func<JsonObject, Task<JsonObject>> submit)
    {
        var (request, codes) = scenario switch
        {
            "approve" => (PasRequests.LutatheraQualifying().Build(), new[] { "A1" }),
            "modify" => (PasRequests.AfinitorForBreastCancer().Build(), ["A6"]),
            "modify-quantity" => (LutatheraDoses(6), ["A6"]),
            "deny" => (PasRequests.AfinitorForBreastCancer().Her2(true).Build(), ["A3"]),
            "pend" => (PasRequests.LutatheraUndocumented().Build(), ["A4"]),
            "cancel-line" => (await CancelLineAsync(submit), ["A1", "C"]),
            "out-of-policy" => (PasRequestBuilder.Everolimus("wellmark").ServiceDate(PasRequests.ServiceDate).Build(), ["NA"]),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
        var bundle = await submit(PasProfiles.Conforming(request));
        Assert.Equal(codes, PasClient.ActionCodes(PasClient.ClaimResponse(bundle)));
        return bundle;
    }

    /// <summary>The qualifying Wellmark Lutathera request for more doses than the policy allows in total.</summary>
    public static JsonObject LutatheraDoses(int doses) =>
        PasRequestBuilder.Lutathera("wellmark", doses).ServiceDate(PasRequests.ServiceDate).Patient(60).Diagnosis("C7A.090")
            .ClinicalM(true).Flag("tumor-burden-significant", true).MitoticRate(1m).TumorNecrosis(false)
            .Coded("line-of-therapy", "first-line").SstrImaging(true).AdequateOrganFunction(true).Build();

    // A two-line approval, then the update that cancels line 2: the answer checked is the update's.
    private static async Task<JsonObject> CancelLineAsync(Func<JsonObject, Task<JsonObject>> submit)
    {
        var first = PasClient.ClaimResponse(await submit(PasProfiles.Conforming(PasRequests.LutatheraQualifying().Build().WithLine(2))));
        return PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf((string)first["preAuthRef"]!).Cancelled(2);
    }
}

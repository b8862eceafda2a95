using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

internal enum StopReason { None, Failure, Other }

/// <summary>
/// Why a course stopped, from MedicationStatement/MedicationAdministration <c>statusReason</c>. The contract uses
/// statusReason for failure and intolerance, so a reason is a failure unless its words say the course ended for
/// another reason (completed as planned, remission, the patient's choice, cost); no reason at all is
/// <see cref="StopReason.None"/>, which the policies read as "why it stopped is not documented", never as "not failed".
/// </summary>
internal static class TherapyStopReasons
{
    private static readonly string[] FailureWords =
    [
        "progress", "fail", "refractor", "resist", "intoleran", "not tolerated", "toxic", "adverse", "side effect",
        "reaction", "allerg", "rejection", "relapse", "recurr", "worsen", "contraindicat", "nephrotox", "hepatotox",
    ];

    private static readonly string[] OtherWords =
    [
        "complete", "finished", "remission", "no evidence of disease", "planned", "patient choice", "patient preference",
        "patient request", "patient decision", "cost", "insurance", "financial", "pregnan",
    ];

    public static StopReason Classify(JsonObject statement)
    {
        var reasons = statement.Objs("statusReason").ToList();
        if (reasons.Count == 0) return StopReason.None;
        var words = string.Join(" ", reasons.Select(FhirJson.Words)).ToLowerInvariant();
        if (FailureWords.Any(w => words.Contains(w, StringComparison.Ordinal))) return StopReason.Failure;
        return OtherWords.Any(w => words.Contains(w, StringComparison.Ordinal)) ? StopReason.Other : StopReason.Failure;
    }
}

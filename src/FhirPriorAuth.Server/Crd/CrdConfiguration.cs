using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Crd;

/// <summary>One CRD configuration option as discovery advertises it (<c>davinci-crd.configuration-options</c>).</summary>
public sealed record CrdConfigurationOption(string Code, string Type, string Name, string Description, JsonNode Default);

/// <summary>
/// The per-request CRD configuration (<c>extension."davinci-crd.configuration"</c>): a boolean per card type we emit
/// and <c>max-cards</c>. Unknown keys and values of the wrong JSON type are ignored, and nothing is required (CRD:
/// servers SHALL obey supported settings, SHALL NOT require configuration, SHALL ignore unknown keys).
/// </summary>
public sealed class CrdConfiguration
{
    public const string Extension = "davinci-crd.configuration";
    public const string OptionsExtension = "davinci-crd.configuration-options";

    // Card type codes from the CRD Card Types value set (http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp).
    public const string CoverageInfo = "coverage-info";
    public const string Guideline = "guideline";
    public const string TherapyAlternatives = "therapy-alternatives-opt";
    public const string ClinicalReminder = "clinical-reminder";
    public const string MaxCards = "max-cards";

    /// <summary>What every CRD service of ours offers, in discovery order.</summary>
    public static IReadOnlyList<CrdConfigurationOption> Options { get; } =
    [
        new(CoverageInfo, "boolean", "Coverage information",
            "Whether the service is covered, needs prior authorization or documentation, as a coverage-information annotation and card.", true),
        new(Guideline, "boolean", "Payer guidance",
            "Instructions from the payer's policy (e.g. washout, labs before each dose, dose limits) and a link to the policy.", true),
        new(TherapyAlternatives, "boolean", "Therapy alternatives",
            "Suggestions to order a covered alternative, such as generic everolimus for a brand product.", true),
        new(ClinicalReminder, "boolean", "Companion orders",
            "Orders the policy or the treatment protocol expects alongside this one (labs before each dose, amino-acid infusion).", true),
        new(MaxCards, "integer", "Maximum cards", "The most cards to return (system actions are not counted).", 10),
    ];

    private readonly Dictionary<string, bool> _enabled;

    private CrdConfiguration(Dictionary<string, bool> enabled, int maxCardCount)
    {
        _enabled = enabled;
        MaxCardCount = maxCardCount;
    }

    public static CrdConfiguration Default { get; } = new(new Dictionary<string, bool>(), 10);

    public int MaxCardCount { get; }

    /// <summary>Whether cards of this card type may be returned (true unless the request turned it off).</summary>
    public bool Allows(string cardType) => !_enabled.TryGetValue(cardType, out var on) || on;

    /// <summary>Reads the configuration of a hook request; a missing or malformed one is the default.</summary>
    public static CrdConfiguration From(JsonObject request)
    {
        if (request["extension"] is not JsonObject extension || extension[Extension] is not JsonObject settings)
            return Default;
        var enabled = new Dictionary<string, bool>(StringComparer.Ordinal);
        var max = 10;
        foreach (var option in Options)
        {
            if (settings[option.Code] is not JsonValue value)
                continue;
            if (option.Type == "boolean" && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                enabled[option.Code] = value.GetValue<bool>();
            else if (option.Type == "integer" && value.TryGetValue<int>(out var number) && number >= 0)
                max = number;
        }
        return new(enabled, max);
    }
}

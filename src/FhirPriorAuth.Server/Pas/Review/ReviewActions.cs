using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// Writes a reviewer's decision into the stored PAS ClaimResponse: each decided line gets its X12 action (A1, A3, A6)
/// under the request's authorization number and a process note with the reviewer's reason; an authorized line its
/// period; a modified line an addItem with what is authorized instead (PAS 2.2.1 "Returning Authorized Items that are
/// different from what was Requested"). The ClaimResponse says a human reviewed it (2.2.1 claimResponseReviewer, on
/// the ClaimResponse), and once nothing is pended the request for documentation is withdrawn.
/// </summary>
internal static class ReviewActions
{
    public const string ClaimResponseReviewer = PasCodes.Ig + "/StructureDefinition/extension-claimResponseReviewer";
    public const string ApprovedNote = "Certified after clinical review.";

    public static string Code(JsonObject responseItem) =>
        (string?)((responseItem["adjudication"]?[0]?["extension"]?[0]?["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["url"] == PasCodes.ReviewActionCode)?["valueCodeableConcept"]?["coding"]?[0]?["code"]) ?? "";

    public static void Apply(JsonObject responseBundle, JsonObject? claim, ReviewDecision decision, DateTimeOffset now)
    {
        var response = responseBundle["entry"]![0]!["resource"]!.AsObject();
        var number = (string)response["preAuthRef"]!;
        var notes = response["processNote"] as JsonArray ?? [];
        var claimItems = (claim?["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var issued = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var decided in decision.Items)
        {
            var item = (response["item"] as JsonArray ?? []).OfType<JsonObject>().First(i => (int?)i["itemSequence"] == decided.Sequence);
            var requested = claimItems.FirstOrDefault(i => (int?)i["sequence"] == decided.Sequence);
            var next = notes.OfType<JsonObject>().Select(n => (int?)n["number"] ?? 0).DefaultIfEmpty(0).Max() + 1;
            notes.Add(new JsonObject { ["number"] = next, ["type"] = "display", ["text"] = decided.Reason ?? ApprovedNote });
            // The automated pend's notes stay on the response, but the line now cites the reviewer's reason.
            item["noteNumber"] = new JsonArray(next);
            item["adjudication"] = new JsonArray(Adjudication(decided.Action, number));

            var extensions = new JsonArray(new JsonObject { ["url"] = PasCodes.ItemPreAuthIssueDate, ["valueDate"] = issued });
            var period = decided.Period ?? Requested(requested);
            if (decided.Action == ActionCode.Certified && period is { } approved)
                extensions.Add(PeriodExtension(approved));
            item["extension"] = extensions;
            if (decided.Action == ActionCode.Modified)
                AddItem(response, decided, requested, period, number);
        }
        response["processNote"] = notes;
        response["outcome"] = "complete";
        response["status"] = "active";
        var extensionList = (response["extension"] as JsonArray ?? []);
        foreach (var old in extensionList.OfType<JsonObject>().Where(e => (string?)e["url"] == ClaimResponseReviewer).ToList())
            extensionList.Remove(old);
        extensionList.Add(ReviewerExtension(decision.Reviewer));
        response["extension"] = extensionList;

        if ((response["item"] as JsonArray ?? []).OfType<JsonObject>().All(i => Code(i) != ActionCode.Pended.Code))
        {
            response.Remove("communicationRequest");
            response.Remove("contained");
        }
        responseBundle["timestamp"] = ReviewTask.Instant(now);
    }

    /// <summary>An update that keeps earlier answers keeps saying that a person reviewed them.</summary>
    public static void KeepReviewer(JsonObject response, JsonObject prior, bool keepsEarlierAnswers)
    {
        if (!keepsEarlierAnswers
            || (prior["extension"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => (string?)e["url"] == ClaimResponseReviewer) is not { } reviewer)
            return;
        var extensions = response["extension"] as JsonArray ?? [];
        extensions.Add(reviewer.DeepClone());
        response["extension"] = extensions;
    }

    private static JsonObject ReviewerExtension(Reviewer reviewer)
    {
        var parts = new JsonArray(new JsonObject { ["url"] = "wasHumanReviewedFlag", ["valueBoolean"] = true });
        if (reviewer.Npi is { } npi)
            parts.Add(new JsonObject
            {
                ["url"] = "reviewerNPI",
                ["valueIdentifier"] = new JsonObject { ["system"] = ReviewTask.NpiSystem, ["value"] = npi },
            });
        if (reviewer.Specialty is { Length: > 0 } specialty)
            parts.Add(new JsonObject
            {
                ["url"] = "reviewerSpecialty",
                ["valueCodeableConcept"] = new JsonObject
                {
                    ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://nucc.org/provider-taxonomy", ["code"] = specialty }),
                },
            });
        return new JsonObject { ["url"] = ClaimResponseReviewer, ["extension"] = parts };
    }

    private static void AddItem(JsonObject response, ReviewedItem decided, JsonObject? requested, (DateOnly Start, DateOnly End)? period, string number)
    {
        var addItem = new JsonObject
        {
            ["itemSequence"] = new JsonArray(decided.Sequence),
            ["productOrService"] = requested?["productOrService"]?.DeepClone() ?? new JsonObject { ["text"] = "as requested" },
        };
        if (period is { } granted)
            addItem["extension"] = new JsonArray(PeriodExtension(granted));
        if (decided.Quantity is { } quantity)
        {
            var value = new JsonObject { ["value"] = quantity };
            if (decided.QuantityUnit is { Length: > 0 } unit)
                value["unit"] = unit;
            addItem["quantity"] = value;
        }
        addItem["adjudication"] = new JsonArray(Adjudication(ActionCode.Certified, number));
        var addItems = response["addItem"] as JsonArray ?? [];
        addItems.Add(addItem);
        response["addItem"] = addItems;
    }

    private static JsonObject Adjudication(ActionCode action, string number) => new()
    {
        ["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = PasCodes.ReviewAction,
            ["extension"] = new JsonArray(
                new JsonObject
                {
                    ["url"] = PasCodes.ReviewActionCode,
                    ["valueCodeableConcept"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = PasCodes.X12ActionCodes, ["code"] = action.Code, ["display"] = action.Display }),
                    },
                },
                new JsonObject { ["url"] = "number", ["valueString"] = number }),
        }),
        ["category"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = PasCodes.Adjudication, ["code"] = "submitted" }) },
    };

    private static JsonObject PeriodExtension((DateOnly Start, DateOnly End) period) => new()
    {
        ["url"] = PasCodes.ItemPreAuthPeriod,
        ["valuePeriod"] = new JsonObject { ["start"] = Date(period.Start), ["end"] = Date(period.End) },
    };

    // The requested service dates: servicedPeriod, or servicedDate as a one-day period.
    private static (DateOnly, DateOnly)? Requested(JsonObject? item)
    {
        if (item is null)
            return null;
        if (item["servicedPeriod"] is JsonObject p && ParseDate(p["start"]) is { } start)
            return (start, ParseDate(p["end"]) ?? start);
        return ParseDate(item["servicedDate"]) is { } date ? (date, date) : null;
    }

    private static DateOnly? ParseDate(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) && text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

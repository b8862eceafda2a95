using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// Writes a reviewer's decision into the stored PAS ClaimResponse: each decided line gets its X12 action (A1, A3, A6)
/// under the request's authorization number and process notes with the reviewer's reason (in place of the automated
/// pend's notes) and, when something is authorized, its period; an authorized line its period (by default the
/// policy's, as an automated approval would give); a modified line an addItem with what is authorized instead (PAS 2.2.1 "Returning Authorized Items that are
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

    public static void Apply(JsonObject responseBundle, JsonObject? claim, ReviewDecision decision, DateTimeOffset now, PolicyPeriod? policyPeriod)
    {
        var response = responseBundle["entry"]![0]!["resource"]!.AsObject();
        var number = (string)response["preAuthRef"]!;
        var items = (response["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var notes = WithoutSupersededNotes(response, items, decision.Items.Select(d => d.Sequence).ToHashSet());
        var claimItems = (claim?["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var issued = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var decided in decision.Items)
        {
            var item = items.First(i => (int?)i["itemSequence"] == decided.Sequence);
            var requested = claimItems.FirstOrDefault(i => (int?)i["sequence"] == decided.Sequence);
            var period = AuthorizedPeriod(decided, policyPeriod, requested, out var periodText);
            var cited = new JsonArray(AddNote(notes, decided.Reason ?? ApprovedNote));
            if (decided.Action != ActionCode.NotCertified && periodText is not null)
                cited.Add(AddNote(notes, periodText));
            item["noteNumber"] = cited;
            item["adjudication"] = new JsonArray(Adjudication(decided.Action, number));

            var extensions = new JsonArray(new JsonObject { ["url"] = PasCodes.ItemPreAuthIssueDate, ["valueDate"] = issued });
            if (decided.Action == ActionCode.Certified && period is { } approved)
                extensions.Add(PeriodExtension(approved));
            item["extension"] = extensions;
            if (decided.Action == ActionCode.Modified)
                AddItem(response, decided, requested, period, number);
        }
        Renumber(response, notes);
        response["outcome"] = "complete";
        response["status"] = "active";
        if (response["disposition"] is not null)
            response["disposition"] = Disposition(items);
        var extensionList = (response["extension"] as JsonArray ?? []);
        foreach (var old in extensionList.OfType<JsonObject>().Where(e => (string?)e["url"] == ClaimResponseReviewer).ToList())
            extensionList.Remove(old);
        extensionList.Add(ReviewerExtension(decision.Reviewer));
        response["extension"] = extensionList;

        PendedLineRequests.KeepOnlyPended(responseBundle);
        responseBundle["timestamp"] = ReviewTask.Instant(now);
    }

    /// <summary>
    /// The period authorized: the reviewer's; otherwise the policy's (as an automated approval of the request would
    /// get); otherwise, when the policy states none, the requested service dates. The text says which it is.
    /// </summary>
    private static (DateOnly Start, DateOnly End)? AuthorizedPeriod(ReviewedItem decided, PolicyPeriod? policyPeriod, JsonObject? requested,
        out string? text)
    {
        if (decided.Period is { } reviewer)
        {
            text = $"Authorized {Date(reviewer.Start)} to {Date(reviewer.End)} (the period set by the reviewer).";
            return reviewer;
        }
        if (policyPeriod is not null)
        {
            text = policyPeriod.Text;
            return (policyPeriod.Start, policyPeriod.End);
        }
        var dates = Requested(requested);
        text = dates is { } d
            ? $"Authorized {Date(d.Start)} to {Date(d.End)} (the requested service dates: the policy states no approval duration for this request)."
            : null;
        return dates;
    }

    /// <summary>
    /// The answer reads as it now stands: notes that only the decided lines cited (the automated pend's summary and
    /// its undocumented criteria) are dropped; notes another line still cites stay. The earlier version of the answer
    /// keeps them in the resource history.
    /// </summary>
    private static JsonArray WithoutSupersededNotes(JsonObject response, List<JsonObject> items, HashSet<int> decided)
    {
        var notes = response["processNote"] as JsonArray ?? [];
        var superseded = items.Where(i => decided.Contains((int?)i["itemSequence"] ?? 0)).SelectMany(NoteNumbers).ToHashSet();
        var stillCited = items.Where(i => !decided.Contains((int?)i["itemSequence"] ?? 0))
            .Concat((response["addItem"] as JsonArray ?? []).OfType<JsonObject>())
            .SelectMany(NoteNumbers).ToHashSet();
        foreach (var note in notes.OfType<JsonObject>().ToList())
            if ((int?)note["number"] is { } n && superseded.Contains(n) && !stillCited.Contains(n))
                notes.Remove(note);
        return notes;
    }

    private static int AddNote(JsonArray notes, string text)
    {
        var next = notes.OfType<JsonObject>().Select(n => (int?)n["number"] ?? 0).DefaultIfEmpty(0).Max() + 1;
        notes.Add(new JsonObject { ["number"] = next, ["type"] = "display", ["text"] = text });
        return next;
    }

    // Notes numbered 1, 2, … again, and every line's and added item's noteNumber with them.
    private static void Renumber(JsonObject response, JsonArray notes)
    {
        var renumbered = new Dictionary<int, int>();
        foreach (var note in notes.OfType<JsonObject>())
        {
            var old = (int?)note["number"] ?? 0;
            renumbered.TryAdd(old, renumbered.Count + 1);
            note["number"] = renumbered[old];
        }
        var citing = (response["item"] as JsonArray ?? []).Concat(response["addItem"] as JsonArray ?? []).OfType<JsonObject>();
        foreach (var line in citing.Where(l => l["noteNumber"] is JsonArray))
            line["noteNumber"] = new JsonArray([.. NoteNumbers(line).Where(renumbered.ContainsKey).Select(n => (JsonNode)renumbered[n])]);
        if (notes.Count > 0)
            response["processNote"] = notes;
        else
            response.Remove("processNote");
    }

    private static IEnumerable<int> NoteNumbers(JsonObject line) =>
        (line["noteNumber"] as JsonArray ?? []).OfType<JsonValue>().Select(n => n.TryGetValue<int>(out var i) ? i : 0);

    // The ClaimResponse's own summary of its outcome, line by line, as it stands after the review.
    private static string Disposition(List<JsonObject> items) =>
        "After clinical review: " + string.Join("; ", items.Select(i =>
            $"line {((int?)i["itemSequence"] ?? 0).ToString(CultureInfo.InvariantCulture)} {Display(Code(i))}")) + ".";

    private static string Display(string code) =>
        new[] { ActionCode.Certified, ActionCode.NotCertified, ActionCode.Pended, ActionCode.Modified, ActionCode.ContactPayer,
            ActionCode.NoActionRequired, ActionCode.Cancelled }.FirstOrDefault(a => a.Code == code)?.Display.ToLowerInvariant() ?? code;

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
    private static (DateOnly Start, DateOnly End)? Requested(JsonObject? item)
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

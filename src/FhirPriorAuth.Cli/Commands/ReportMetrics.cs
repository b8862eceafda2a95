using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>The nine metrics for one calendar year, and how they print.</summary>
internal sealed record ReportMetrics(int Year, bool IncludeDrugs, int ExcludedDrugRequests, IReadOnlyList<string> ItemsAndServices,
    Share StandardApproved, Share StandardDenied, Share StandardPartiallyApproved, Share ExpeditedApproved, Share ExpeditedDenied,
    Share ExpeditedPartiallyApproved, Duration StandardTime, Duration ExpeditedTime, int PendingStandard, int PendingExpedited)
{
    public const string NotRecorded = "not available: this server records no appeals";
    public const string NoExtensions = "not available: this server records no extensions of the review timeframe";

    public static ReportMetrics Compute(IReadOnlyList<PaRequest> all, int year, bool includeDrugs)
    {
        var inYear = all.Where(r => r.Submitted.UtcDateTime.Year == year).ToList();
        var counted = inYear.Where(r => includeDrugs || !r.IsDrug).ToList();
        var determined = counted.Where(r => r.Outcome is RequestOutcome.Approved or RequestOutcome.Denied or RequestOutcome.PartiallyApproved).ToList();
        var standard = determined.Where(r => !r.Expedited).ToList();
        var expedited = determined.Where(r => r.Expedited).ToList();
        var services = counted.Where(r => r.Outcome != RequestOutcome.NoDetermination).SelectMany(r => r.Services)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ReportMetrics(year, includeDrugs, inYear.Count(r => r.IsDrug && !includeDrugs), services,
            Share.Among(standard, RequestOutcome.Approved), Share.Among(standard, RequestOutcome.Denied), Share.Among(standard, RequestOutcome.PartiallyApproved),
            Share.Among(expedited, RequestOutcome.Approved), Share.Among(expedited, RequestOutcome.Denied), Share.Among(expedited, RequestOutcome.PartiallyApproved),
            Duration.Of(standard), Duration.Of(expedited),
            counted.Count(r => r.Outcome == RequestOutcome.Pending && !r.Expedited), counted.Count(r => r.Outcome == RequestOutcome.Pending && r.Expedited));
    }

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"CMS-0057-F prior authorization metrics, calendar year {Year} (requests first submitted {Year}-01-01..{Year}-12-31 UTC)");
        output.WriteLine(IncludeDrugs
            ? "Drug requests are INCLUDED (--include-drugs); the rule itself excludes drugs."
            : $"Drugs excluded, as CMS-0057-F requires: {ExcludedDrugRequests} drug request(s) not counted (--include-drugs counts them).");
        var rows = new (string Metric, string Value)[]
        {
            ("1 Items and services requiring prior authorization", ItemsAndServices.Count == 0 ? "(none)" : string.Join("; ", ItemsAndServices)),
            ("2 Standard requests approved", StandardApproved.Text),
            ("3 Standard requests denied", StandardDenied.Text),
            ("4 Standard requests approved after appeal", NotRecorded),
            ("5 Requests with an extended review timeframe, approved", NoExtensions),
            ("6 Expedited requests approved", ExpeditedApproved.Text),
            ("7 Expedited requests denied", ExpeditedDenied.Text),
            ("8 Standard: submission to determination (average / median)", StandardTime.Text),
            ("9 Expedited: submission to decision (average / median)", ExpeditedTime.Text),
        };
        var width = rows.Max(r => r.Metric.Length);
        foreach (var (metric, value) in rows)
            output.WriteLine($"{metric.PadRight(width)}  {value}");
        output.WriteLine($"Partially approved (counted in neither 2/3 nor 6/7): standard {StandardPartiallyApproved.Text}, expedited {ExpeditedPartiallyApproved.Text}");
        output.WriteLine($"Without a determination yet (pended): standard {PendingStandard}, expedited {PendingExpedited}");
    }

    public JsonObject ToJson() => new()
    {
        ["year"] = Year,
        ["includeDrugs"] = IncludeDrugs,
        ["excludedDrugRequests"] = ExcludedDrugRequests,
        ["itemsAndServicesRequiringPriorAuthorization"] = new JsonArray([.. ItemsAndServices.Select(s => (JsonNode)s)]),
        ["standardApproved"] = StandardApproved.ToJson(),
        ["standardDenied"] = StandardDenied.ToJson(),
        ["standardApprovedAfterAppeal"] = new JsonObject { ["available"] = false, ["note"] = NotRecorded },
        ["extendedTimeframeApproved"] = new JsonObject { ["available"] = false, ["note"] = NoExtensions },
        ["expeditedApproved"] = ExpeditedApproved.ToJson(),
        ["expeditedDenied"] = ExpeditedDenied.ToJson(),
        ["standardDecisionTime"] = StandardTime.ToJson(),
        ["expeditedDecisionTime"] = ExpeditedTime.ToJson(),
        ["standardPartiallyApproved"] = StandardPartiallyApproved.ToJson(),
        ["expeditedPartiallyApproved"] = ExpeditedPartiallyApproved.ToJson(),
        ["pendingStandard"] = PendingStandard,
        ["pendingExpedited"] = PendingExpedited,
    };
}

/// <summary>How many of the determined requests had one outcome.</summary>
internal sealed record Share(int Count, int Of)
{
    public static Share Among(IReadOnlyCollection<PaRequest> requests, RequestOutcome outcome) =>
        new(requests.Count(r => r.Outcome == outcome), requests.Count);

    public decimal? Percent => Of == 0 ? null : Math.Round(100m * Count / Of, 1);

    public string Text => Percent is { } p ? $"{p.ToString("0.0", CultureInfo.InvariantCulture)}% ({Count} of {Of})" : $"n/a (0 of 0)";

    public JsonObject ToJson() => new() { ["percent"] = Percent, ["count"] = Count, ["of"] = Of };
}

/// <summary>Average and median hours from submission to determination.</summary>
internal sealed record Duration(decimal? AverageHours, decimal? MedianHours, int Requests)
{
    public static Duration Of(IReadOnlyCollection<PaRequest> determined)
    {
        var hours = determined.Where(r => r.Decided is not null)
            .Select(r => (decimal)Math.Max(0, (r.Decided!.Value - r.Submitted).TotalHours)).Order().ToList();
        if (hours.Count == 0)
            return new(null, null, 0);
        var middle = hours.Count / 2;
        var median = hours.Count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2;
        return new(Math.Round(hours.Average(), 2), Math.Round(median, 2), hours.Count);
    }

    public string Text => AverageHours is { } average
        ? $"{Hours(average)} / {Hours(MedianHours!.Value)} ({Requests} request{(Requests == 1 ? "" : "s")})"
        : "n/a (no determinations)";

    public JsonObject ToJson() => new() { ["averageHours"] = AverageHours, ["medianHours"] = MedianHours, ["requests"] = Requests };

    private static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture) + " h";
}

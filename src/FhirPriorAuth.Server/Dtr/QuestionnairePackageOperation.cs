using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// <c>$questionnaire-package</c> (DTR 2.0.1, accepting 2.1/2.2 names): the forms for a coverage and an order.
/// The answer is always a Parameters with one package Bundle per Questionnaire (valid for every DTR version) and
/// an <c>outcome</c> when there are warnings. Explicit questionnaires or orders decide the forms; a bare
/// <c>context</c> is a coverage-assertion-id our CRD service issued (the forms CRD named for the order it annotated)
/// or, failing that, the attachment control number of a line our PAS pend asked documentation for (the payer's
/// forms for that line's drug, tied to its order). Refusals: a malformed request → 400; a coverage whose payer this
/// server does not serve, or a bare context not known for the coverage's member → 422 (DTR 2.2 spec-130:
/// source-data problems SHALL be a 4xx with an OperationOutcome; the request is well-formed but cannot be
/// processed); nothing to fill out for a known payer and order or context (a PAS line no longer pended included),
/// or explicitly named Questionnaires this server does not hold → 404. A context not known alongside explicit
/// inputs is only warned about: clients (and test kits) may send ids we never issued.
/// </summary>
internal static class QuestionnairePackageOperation
{
    public const string Definition = "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package";
    public const string OutputProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-qpackage-output-parameters";

    public static async Task<IResult> PostAsync(HttpRequest http, FhirRequestReader reader, IConformanceResources resources,
        QuestionnairePackageBuilder builder, CdsExchangeLog exchanges, IResourceStore store, IOptions<DtrOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var request = PackageRequest.Read(await reader.ReadValidResourceAsync(http, ct));
        var payer = CoveragePayer.PayerId(request.Coverage, request.AllResources)
            ?? throw Unprocessable("The coverage's payer is not one this server serves: Coverage.payor must identify an Organization "
                + $"with an identifier in {CoveragePayer.PayerIdSystem}", "Parameters.parameter.where(name='coverage').resource.payor");

        var warnings = new List<string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // A CRD assertion first; only an id CRD never issued is looked up among PAS pends.
        var assertion = request.Context is { } context ? await CrdAssertion.FindAsync(exchanges, context, request.Coverage, ct) : null;
        var pended = assertion is null && request.Context is { } number
            ? await PasPendedLine.FindAsync(store, number, request.Coverage, payer, ct) : null;
        List<ConformanceResource> selected;
        if (request.Questionnaires.Count == 0 && request.Orders.Count == 0)
        {
            if (pended is not null)
            {
                // Only a PAS attachment control number: the payer's forms for the pended line, drafts tied to its order.
                selected = ForPendedLine(pended, payer, resources, today, warnings);
                request = request with { Orders = pended.Order is null ? [] : [pended.Order] };
            }
            else
            {
                // Only a context (dtr-1): the forms CRD named, their drafts tied to the order CRD annotated.
                selected = ForContext(assertion, resources, warnings);
                request = request with { Orders = [assertion!.Order] };
            }
        }
        else
        {
            if (request.Context is not null && assertion is null && pended is null)
                warnings.Add(UnknownContext + "; the forms are chosen from the order and questionnaires sent");
            selected = request.Questionnaires.Count > 0
                ? Requested(request.Questionnaires, resources, warnings)
                : ForOrder(request, payer, resources, today, warnings);
        }

        if (request.ChangedSince is { } since)
        {
            selected = selected.Where(q => LastChanged(q) is not { } changed || changed > since).ToList();
            if (selected.Count == 0)
                return FhirResults.Resource(Parameters([], ["No questionnaire has changed since the given time"], options.Value, "information"));
        }

        var fullUrlBase = $"{http.Scheme}://{http.Host}{http.PathBase}{FhirRoutes.Base}";
        var bundles = new List<JsonObject>();
        foreach (var questionnaire in selected)
        {
            var (bundle, packageWarnings) = builder.Build(questionnaire, request, fullUrlBase);
            bundles.Add(bundle);
            warnings.AddRange(packageWarnings);
        }
        return FhirResults.Resource(Parameters(bundles, warnings, options.Value, "warning"));
    }

    private const string UnknownContext = "The context id is not one this server issued for this coverage (a CRD coverage-assertion-id or a PAS attachment control number)";
    private const string ContextExpression = "Parameters.parameter.where(name='context')";

    /// <summary>The Questionnaires CRD named with the assertion; an unknown id and one of another member read the same.</summary>
    private static List<ConformanceResource> ForContext(CrdAssertion? assertion, IConformanceResources resources, List<string> warnings)
    {
        if (assertion is null)
            throw Unprocessable(UnknownContext + "; send the order the forms are for", ContextExpression);
        if (assertion.Questionnaires.Count == 0)
            throw new FhirRequestException(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound,
                "Nothing to document: coverage requirements discovery asked for no form for this order", ContextExpression));
        return Requested(assertion.Questionnaires, resources, warnings, ContextExpression);
    }

    /// <summary>The forms this payer documents the pended line's drug with, for the line's date of service.</summary>
    private static List<ConformanceResource> ForPendedLine(PasPendedLine line, string payer, IConformanceResources resources, DateOnly today,
        List<string> warnings)
    {
        if (!line.Pended)
            throw new FhirRequestException(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound,
                "Nothing to document: this line of the prior authorization request has been answered and is no longer pended", ContextExpression));
        if (line.Drug is null)
            throw NoForms("Nothing to document: the pended line is not for a drug this payer documents through DTR (Lutathera or everolimus)",
                ContextExpression);
        var serviceDate = line.ServiceDate ?? (line.Order is { } order ? ServiceDate(order) : null) ?? today;
        return ForDrug(payer, line.Drug, serviceDate, resources, warnings, ContextExpression);
    }

    private static List<ConformanceResource> Requested(IReadOnlyList<string> canonicals, IConformanceResources resources, List<string> warnings,
        string expression = "Parameters.parameter.where(name='questionnaire')")
    {
        var found = new List<ConformanceResource>();
        foreach (var canonical in canonicals)
        {
            var questionnaire = resources.ByCanonical(canonical, "Questionnaire");
            if (questionnaire is null)
                warnings.Add($"Questionnaire {canonical} is not held by this server");
            else if (!found.Contains(questionnaire))
                found.Add(questionnaire);
        }
        return found.Count > 0
            ? found
            : throw new FhirRequestException(StatusCodes.Status404NotFound,
                OutcomeIssue.Error(IssueTypes.NotFound, "None of the requested Questionnaires is held by this server", expression));
    }

    private static List<ConformanceResource> ForOrder(PackageRequest request, string payer, IConformanceResources resources, DateOnly today, List<string> warnings)
    {
        var (order, drug) = request.Orders.Select(o => (Order: o, Drug: OrderedDrug.Of(o, request.AllResources))).FirstOrDefault(o => o.Drug is not null);
        if (order is null || drug is null)
            throw NoForms("The order is not for a drug this payer documents through DTR (Lutathera or everolimus)", OrderExpression);
        return ForDrug(payer, drug, ServiceDate(order) ?? today, resources, warnings, OrderExpression);
    }

    /// <summary>The payer's forms for a drug (its Questionnaires' useContext), as of the date of service.</summary>
    private static List<ConformanceResource> ForDrug(string payer, string drug, DateOnly serviceDate, IConformanceResources resources,
        List<string> warnings, string expression)
    {
        var applicable = resources.OfType("Questionnaire").Where(q => QuestionnaireScope.Covers(q, payer, drug) && q.Status != "draft").ToList();
        if (applicable.Count == 0)
            throw NoForms($"The payer has no documentation template for {drug}", expression);
        // The form of the policy that governs the date of service; a retired policy still governs earlier dates.
        var chosen = applicable.Where(q => QuestionnaireScope.InEffectOn(q, serviceDate)).ToList();
        if (chosen.Count == 0)
        {
            chosen = applicable.Where(q => q.Status == "active").ToList();
            if (chosen.Count == 0)
            {
                chosen = applicable;
                warnings.Add($"No policy of this payer for {drug} is in effect on {serviceDate:yyyy-MM-dd}; the form of its retired policy is served");
            }
        }
        // One form per policy: the newest version of each canonical.
        return chosen.GroupBy(q => q.Url).Select(g => g.OrderByDescending(q => q.Version, ArtifactVersions.Comparer).First()).ToList();
    }

    /// <summary>When the ordered care happens: the dispense validity start or the occurrence, else when it was ordered.</summary>
    private static DateOnly? ServiceDate(JsonObject order)
    {
        var text = order.Obj("dispenseRequest").Obj("validityPeriod").Str("start")
            ?? order.Str("occurrenceDateTime") ?? order.Obj("occurrencePeriod").Str("start") ?? order.Str("authoredOn");
        return QuestionnaireScope.Day(text);
    }

    private static DateTimeOffset? LastChanged(ConformanceResource questionnaire)
    {
        var text = questionnaire.Json.Obj("meta").Str("lastUpdated") ?? questionnaire.Json.Str("date");
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var changed) ? changed : null;
    }

    private static JsonObject Parameters(List<JsonObject> bundles, List<string> messages, DtrOptions options, string severity)
    {
        var parameters = new JsonArray();
        foreach (var bundle in bundles)
            parameters.Add(new JsonObject { ["name"] = options.PackageBundleParameter, ["resource"] = bundle });
        if (messages.Count > 0)
        {
            var outcome = OperationOutcomes.Create([]);
            outcome["issue"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
            {
                ["severity"] = severity,
                ["code"] = severity == "warning" ? IssueTypes.NotFound : IssueTypes.Informational,
                ["diagnostics"] = m,
            })]);
            parameters.Add(new JsonObject { ["name"] = "outcome", ["resource"] = outcome });
        }
        var result = new JsonObject { ["resourceType"] = "Parameters" };
        // The output profile (as the IG's example claims it) wants at least one package Bundle in 2.0.1.
        if (bundles.Count > 0)
            result["meta"] = new JsonObject { ["profile"] = new JsonArray(OutputProfile) };
        result["parameter"] = parameters;
        return result;
    }

    private static FhirRequestException Unprocessable(string message, string expression) =>
        new(StatusCodes.Status422UnprocessableEntity, OutcomeIssue.Error(IssueTypes.NotFound, message, expression));

    private const string OrderExpression = "Parameters.parameter.where(name='order')";

    private static FhirRequestException NoForms(string message, string expression) =>
        new(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound, message, expression));
}

/// <summary>Which payer and drug a Questionnaire documents: its <c>useContext</c> (program = payer id, focus = pa-drug), as PlanDefinitions declare it.</summary>
internal static class QuestionnaireScope
{
    public const string DrugSystem = "http://fhirpriorauth.example.org/fhir/CodeSystem/pa-drug";

    public static bool Covers(ConformanceResource questionnaire, string payer, string drug)
    {
        var codings = questionnaire.Json.Objects("useContext").SelectMany(u => u.Obj("valueCodeableConcept").Codings()).ToList();
        var payers = codings.Where(c => c.System == CoveragePayer.PayerIdSystem).Select(c => c.Code).ToList();
        var drugs = codings.Where(c => c.System == DrugSystem).Select(c => c.Code).ToList();
        return payers.Contains(payer) && drugs.Contains(drug);
    }

    /// <summary>The Questionnaire's <c>effectivePeriod</c> contains the date (both ends inclusive; an open end or no period always does).</summary>
    public static bool InEffectOn(ConformanceResource questionnaire, DateOnly date)
    {
        var period = questionnaire.Json.Obj("effectivePeriod");
        return (Day(period.Str("start")) is not { } start || start <= date) && (Day(period.Str("end")) is not { } end || date <= end);
    }

    /// <summary>The calendar day of a FHIR date or dateTime (a partial date reads as none).</summary>
    internal static DateOnly? Day(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}

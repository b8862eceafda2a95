using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>Reads one PlanDefinition into a <see cref="LoadedPolicy"/>, recording every convention it breaks.</summary>
internal sealed class PolicyReader(string file, List<PolicyLoadProblem> problems)
{
    public const string Base = "http://fhirpriorauth.example.org/fhir";
    public const string RoleSystem = Base + "/CodeSystem/pa-action-role";
    public const string PayerSystem = Base + "/payer-id";
    public const string DrugSystem = Base + "/CodeSystem/pa-drug";
    public const string ExtensionBase = Base + "/StructureDefinition/";
    public const string ApprovalDurationUrl = ExtensionBase + "pa-approval-duration";
    public const string QuantityLimitUrl = ExtensionBase + "pa-quantity-limit";
    public const string ProductSubstitutionUrl = ExtensionBase + "pa-product-substitution";
    public const string AbsentMeansNotMetUrl = ExtensionBase + "pa-absent-means-not-met";
    public const string ReferralUrl = ExtensionBase + "pa-referral";
    public const string TextNotOnFileUrl = ExtensionBase + "pa-policy-text-not-on-file";

    private static readonly string[] DurationUnits = ["mo", "wk", "d"];

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private string _policyName = "";
    private string? _policyUrl;

    private void Problem(string location, string message) => problems.Add(new(file, location, message));

    public LoadedPolicy? Read(JsonObject plan)
    {
        var before = problems.Count;
        var url = Required(plan, "url");
        var version = Required(plan, "version");
        var status = Required(plan, "status");
        var period = plan.Obj("effectivePeriod");
        var start = ParseDate(period.Str("start"));
        var end = ParseDate(period.Str("end"));
        if (start is null) Problem("PlanDefinition.effectivePeriod.start", "missing or not a date: the policy's effective date is required");
        if (period.Str("end") is not null && end is null) Problem("PlanDefinition.effectivePeriod.end", "not a date");
        if (start is not null && end is not null && end < start) Problem("PlanDefinition.effectivePeriod", "ends before it starts");
        var payer = UseContext(plan, "program", PayerSystem, FactCatalog.Find("payer")!.AllowedCodes!);
        var drug = UseContext(plan, "focus", DrugSystem, FactCatalog.Find("drug")!.AllowedCodes!);

        var related = plan.Objs("relatedArtifact").FirstOrDefault();
        if (related.Str("type") != "documentation" || related.Str("display") is null)
            Problem("PlanDefinition.relatedArtifact[0]", "must be type 'documentation' with a display naming the policy (citations are built from it)");
        _policyName = related.Str("display") ?? plan.Str("title") ?? "";
        _policyUrl = related.Str("url");

        var actions = ReadActions(plan, "PlanDefinition", top: true);
        // A revision whose text is not on file decides nothing: it pends every date of service it governs.
        var notOnFile = plan.Extension(TextNotOnFileUrl) is { } missingText ? missingText.Str("valueString") : null;
        if (plan.Extension(TextNotOnFileUrl) is not null && string.IsNullOrWhiteSpace(notOnFile))
            Problem("PlanDefinition.extension('pa-policy-text-not-on-file')", "needs a valueString saying what the policy history records for these dates");
        // Counted on the JSON so that a broken pathway is reported once, not also as "no pathway".
        if (notOnFile is null && !plan.Objs("action").Any(a => a.Objs("code").FirstOrDefault().Objs("coding").FirstOrDefault().Str("code") == "pathway"))
            Problem("PlanDefinition.action", "no pathway: a policy needs at least one way to approve");
        if (problems.Count > before) return null;
        return new LoadedPolicy
        {
            File = file, Url = url!, Version = version!, Status = status!, Name = plan.Str("name"), Title = plan.Str("title"), Publisher = plan.Str("publisher"),
            Payer = payer!, Drug = drug!, EffectiveStart = start!.Value, EffectiveEnd = end,
            PolicyName = _policyName, PolicyUrl = _policyUrl, Actions = actions, TextNotOnFile = notOnFile,
        };
    }

    private string? Required(JsonObject o, string name)
    {
        var value = o.Str(name);
        if (string.IsNullOrWhiteSpace(value)) Problem($"PlanDefinition.{name}", "missing");
        return value;
    }

    internal static DateOnly? ParseDate(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var d) ? d : null;

    private string? UseContext(JsonObject plan, string type, string system, IReadOnlyList<string> allowed)
    {
        var codes = plan.Objs("useContext")
            .Where(u => u.Obj("code").Str("code") == type)
            .SelectMany(u => u.Obj("valueCodeableConcept").Objs("coding"))
            .Where(c => c.Str("system") == system)
            .Select(c => c.Str("code")).ToList();
        if (codes.Count != 1 || codes[0] is null)
        {
            Problem("PlanDefinition.useContext", $"needs exactly one '{type}' coding from {system}");
            return null;
        }
        if (!allowed.Contains(codes[0]!, StringComparer.Ordinal))
            Problem("PlanDefinition.useContext", $"'{codes[0]}' is not one of {string.Join(", ", allowed)}");
        return codes[0];
    }

    private List<PolicyAction> ReadActions(JsonObject parent, string path, bool top)
    {
        var result = new List<PolicyAction>();
        var actions = parent.Objs("action");
        for (var i = 0; i < actions.Count; i++)
            if (ReadAction(actions[i], $"{path}.action[{i}]", top) is { } a) result.Add(a);
        return result;
    }

    private PolicyAction? ReadAction(JsonObject action, string path, bool top)
    {
        var before = problems.Count;
        var id = action.Str("id");
        if (string.IsNullOrWhiteSpace(id)) Problem(path + ".id", "missing: every action needs a stable id");
        else if (!_ids.Add(id)) Problem(path + ".id", $"'{id}' is used by another action of this PlanDefinition");
        var title = action.Str("title");
        if (string.IsNullOrWhiteSpace(title)) Problem(path + ".title", "missing: the reviewer-facing text of the action");

        var coding = action.Objs("code").FirstOrDefault().Objs("coding").FirstOrDefault();
        ActionRole? role = coding.Str("system") != RoleSystem ? null : coding.Str("code") switch
        {
            "pathway" => ActionRole.Pathway,
            "criterion" => ActionRole.Criterion,
            "exclusion" => ActionRole.Exclusion,
            "modification" => ActionRole.Modification,
            _ => null,
        };
        if (role is null) Problem(path + ".code[0].coding[0]", $"needs a role code from {RoleSystem} (pathway, criterion, exclusion, modification)");
        if (role == ActionRole.Pathway && !top) Problem(path, "a pathway must be a top-level action");
        if (role == ActionRole.Criterion && top) Problem(path, "a criterion must sit inside a pathway");

        var doc = action.Objs("documentation").FirstOrDefault();
        var section = doc.Str("label");
        if (doc.Str("type") != "citation" || string.IsNullOrWhiteSpace(section))
            Problem(path + ".documentation[0]", "needs a citation: type 'citation' with a label naming the section and item");

        var children = ReadActions(action, path, top: false);
        var conditions = action.Objs("condition");
        PolicyExpression? condition = null;
        if (conditions.Count > 1) Problem(path + ".condition", "at most one condition per action");
        if (conditions.Count >= 1)
        {
            var c = conditions[0];
            var expression = c.Obj("expression");
            if (c.Str("kind") != "applicability" || expression.Str("language") != "text/fhirpath" || expression.Str("expression") is not { } text)
                Problem(path + ".condition[0]", "must be kind 'applicability' with a text/fhirpath expression");
            else
                condition = ExpressionChecker.Check(text, file, path + ".condition[0].expression", problems);
        }
        var isGroup = children.Count > 0 || action.Objs("action").Count > 0;
        if (role is ActionRole.Criterion or ActionRole.Exclusion or ActionRole.Modification && !isGroup && conditions.Count == 0)
            Problem(path + ".condition", "a leaf needs a FHIRPath condition");
        if (role == ActionRole.Criterion && isGroup && conditions.Count > 0)
            Problem(path + ".condition", "a criterion group is decided by its children; move the condition into a child");
        if (role == ActionRole.Pathway && !isGroup)
            Problem(path + ".action", "a pathway needs criteria");

        var selection = SelectionBehavior.All;
        if (isGroup)
        {
            switch (action.Str("selectionBehavior"))
            {
                case "all": break;
                case "one-or-more": selection = SelectionBehavior.OneOrMore; break;
                case null when role == ActionRole.Pathway: break; // a pathway's criteria are all required unless it says otherwise
                default:
                    Problem(path + ".selectionBehavior", "a group needs selectionBehavior 'all' or 'one-or-more'");
                    break;
            }
        }

        var durations = ReadDurations(action, path, role);
        var limit = ReadQuantityLimit(action, path, role);
        var product = ReadProduct(action, path, role);
        var absentMeansNotMet = ReadAbsentMeansNotMet(action, path, role, condition);
        var referral = ReadReferral(action, path, role);
        if (problems.Count > before) return null;
        return new PolicyAction
        {
            Id = id!, Title = title!, Role = role!.Value, Citation = new Citation(_policyName, section!, _policyUrl),
            PolicyWords = doc.Str("display"), Condition = condition, Selection = selection, Children = children,
            Durations = durations, QuantityLimit = limit, SubstituteProduct = product, AbsentMeansNotMet = absentMeansNotMet,
            Referral = referral,
        };
    }

    private List<ApprovalDuration> ReadDurations(JsonObject action, string path, ActionRole? role)
    {
        var result = new List<ApprovalDuration>();
        var entries = action.Extensions(ApprovalDurationUrl).ToList();
        if (entries.Count > 0 && role != ActionRole.Pathway) Problem(path + ".extension", "pa-approval-duration belongs on a pathway");
        var lobs = FactCatalog.Find("lineOfBusiness")!.AllowedCodes!;
        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{path}.extension('pa-approval-duration')[{i}]";
            var lob = entries[i].Extension("lineOfBusiness").Str("valueCode");
            var duration = entries[i].Extension("duration").Obj("valueDuration");
            var amount = duration.Dec("value");
            var unit = duration.Str("code");
            var cap = entries[i].Extension("capByRequest");
            if (lob is null || (lob != "*" && !lobs.Contains(lob, StringComparer.Ordinal)))
                Problem(at, $"lineOfBusiness must be '*' or one of {string.Join(", ", lobs)}");
            else if (result.Any(d => d.LineOfBusiness == lob))
                Problem(at, $"a second duration for line of business '{lob}'");
            if (amount is not > 0 || amount != decimal.Truncate(amount.Value) || unit is null || !DurationUnits.Contains(unit)
                || duration.Str("system") != "http://unitsofmeasure.org")
                Problem(at, "duration must be a positive whole valueDuration in UCUM mo, wk or d");
            if (cap is not null && cap.Bool("valueBoolean") is null) Problem(at, "capByRequest must be a valueBoolean");
            if (lob is not null && amount is > 0 && unit is not null)
                result.Add(new ApprovalDuration(lob, (int)amount.Value, unit, cap.Bool("valueBoolean") ?? false));
        }
        return result;
    }

    private QuantityLimit? ReadQuantityLimit(JsonObject action, string path, ActionRole? role)
    {
        if (action.Extension(QuantityLimitUrl) is not { } ext) return null;
        var at = path + ".extension('pa-quantity-limit')";
        if (role != ActionRole.Modification) Problem(at, "pa-quantity-limit belongs on a modification");
        var fact = ext.Extension("fact").Str("valueCode");
        if (fact is null || FactCatalog.Find(fact) is not { Kind: FactKind.Integer or FactKind.Decimal, Repeating: false })
            Problem(at + ".fact", $"'{fact}' is not a single-valued numeric fact in the catalog");
        var maximum = ext.Extension("maximum").Obj("valueExpression");
        if (maximum.Str("language") != "text/fhirpath" || maximum.Str("expression") is not { } text)
        {
            Problem(at + ".maximum", "needs a text/fhirpath valueExpression");
            return null;
        }
        var compiled = ExpressionChecker.Check(text, file, at + ".maximum", problems);
        return compiled is null || fact is null ? null : new QuantityLimit(fact, compiled, ext.Extension("unit").Str("valueString"));
    }

    /// <summary><c>pa-absent-means-not-met</c>: a fact of this action's condition whose absence the policy text means as "not met".</summary>
    private Dictionary<string, string> ReadAbsentMeansNotMet(JsonObject action, string path, ActionRole? role, PolicyExpression? condition)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = action.Extensions(AbsentMeansNotMetUrl).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{path}.extension('pa-absent-means-not-met')[{i}]";
            if (role is not (ActionRole.Criterion or ActionRole.Pathway))
                Problem(at, "pa-absent-means-not-met belongs on a criterion or pathway (exclusions and modifications read absence as written)");
            var fact = entries[i].Extension("fact").Str("valueCode");
            var reason = entries[i].Extension("reason").Str("valueString");
            if (fact is null || condition is null || !condition.Facts.Contains(fact))
                Problem(at + ".fact", $"'{fact}' is not a fact this action's condition reads");
            else if (string.IsNullOrWhiteSpace(reason))
                Problem(at + ".reason", "missing: say why the policy text means an undocumented value as not met");
            else if (!result.TryAdd(fact, reason))
                Problem(at + ".fact", $"'{fact}' is allow-listed twice");
        }
        return result;
    }

    private string? ReadProduct(JsonObject action, string path, ActionRole? role)
    {
        if (action.Extension(ProductSubstitutionUrl) is not { } ext) return null;
        var at = path + ".extension('pa-product-substitution')";
        if (role != ActionRole.Modification) Problem(at, "pa-product-substitution belongs on a modification");
        var product = ext.Extension("product").Str("valueCode");
        var allowed = FactCatalog.Find("product")!.AllowedCodes!;
        if (product is null || !allowed.Contains(product, StringComparer.Ordinal))
            Problem(at + ".product", $"'{product}' is not one of {string.Join(", ", allowed)}");
        return product;
    }

    private ReferralKind? ReadReferral(JsonObject action, string path, ActionRole? role)
    {
        if (action.Extension(ReferralUrl) is not { } ext) return null;
        var at = path + ".extension('pa-referral')";
        if (role != ActionRole.Pathway) Problem(at, "pa-referral belongs on a pathway");
        switch (ext.Str("valueCode"))
        {
            case "contact-payer": return ReferralKind.ContactPayer;
            case "review": return ReferralKind.Review;
            default:
                Problem(at, "pa-referral needs valueCode 'contact-payer' or 'review'");
                return null;
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// Checks a parsed JSON tree against the R4 model: known properties, array-vs-single shape, primitive JSON kinds
/// and lexical forms, choice variants, empty values, nulls and <c>_name</c> siblings. Recursion depth is bounded
/// because the tree was parsed with <see cref="FhirParseOptions.MaxDepth"/>.
/// </summary>
internal sealed class StructureWalker(List<FhirParseIssue> issues, FhirParseOptions options)
{
    // Location segments (".name", "[0]"), joined only when an issue is reported.
    private readonly List<string> _path = [];

    public void ValidateRoot(JsonObject obj) => ValidateResource(obj, isRoot: true);

    private void ValidateResource(JsonObject obj, bool isRoot)
    {
        if (!obj.TryGetPropertyValue("resourceType", out var rtNode))
        {
            if (isRoot) _path.Add("Resource");
            Report(obj.Count == 0 ? FhirParseIssueCode.EmptyObject : FhirParseIssueCode.MissingResourceType);
            if (isRoot) _path.RemoveAt(0);
            return;
        }
        var resourceType = rtNode is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var known = resourceType is not null && R4Model.IsConcreteResource(resourceType);
        if (isRoot) _path.Add(known ? resourceType! : "Resource");
        if (!known) Report(FhirParseIssueCode.UnknownResourceType);
        else ValidateMembers(obj, resourceType!, isResource: true);
        if (isRoot) _path.RemoveAt(0);
    }

    private void ValidateMembers(JsonObject obj, string typePath, bool isResource)
    {
        // A resource may be just {"resourceType": ...}; any other element needs content.
        if (obj.Count == 0)
        {
            Report(FhirParseIssueCode.EmptyObject);
            return;
        }
        List<string>? choicesSeen = null;
        foreach (var (key, value) in obj)
        {
            if (isResource && key == "resourceType") continue;
            if (key.StartsWith('_'))
            {
                ValidatePrimitiveSibling(obj, typePath, key, value);
                continue;
            }
            if (R4Model.FindChild(typePath, key) is not var (element, type))
            {
                ReportUnknown(key);
                continue;
            }
            var segment = "." + element.Name;
            if (element.IsChoice)
            {
                choicesSeen ??= [];
                if (choicesSeen.Contains(element.Path))
                {
                    Push(segment);
                    Report(FhirParseIssueCode.MultipleChoiceVariants);
                    Pop();
                }
                else choicesSeen.Add(element.Path);
                segment += ".ofType(" + type + ")";
            }
            // R4 snapshots type Resource.id as a plain string, but the spec gives it the id syntax.
            if (isResource && element.Name == "id") type = "id";
            Push(segment);
            ValidateElement(element, type, value, obj.TryGetPropertyValue("_" + key, out var ext) ? ext : null);
            Pop();
        }
    }

    private void ValidateElement(ElementInfo element, string type, JsonNode? value, JsonNode? sibling)
    {
        if (value is null)
        {
            Report(FhirParseIssueCode.NullValue);
            return;
        }
        if (value is JsonArray array)
        {
            if (!element.IsRepeating)
            {
                Report(FhirParseIssueCode.ArrayNotExpected);
                return;
            }
            if (array.Count == 0) Report(FhirParseIssueCode.EmptyArray);
            var siblings = sibling as JsonArray;
            for (var i = 0; i < array.Count; i++)
            {
                Push(Index(i));
                if (array[i] is { } item) ValidateValue(element, type, item);
                // null holds a place for a primitive whose value is only in the aligned _name entry.
                else if (!IsPrimitive(type) || siblings is null || i >= siblings.Count || siblings[i] is null)
                    Report(FhirParseIssueCode.NullValue);
                Pop();
            }
            return;
        }
        if (element.IsRepeating) Report(FhirParseIssueCode.ArrayExpected);
        ValidateValue(element, type, value);
    }

    private void ValidateValue(ElementInfo element, string type, JsonNode value)
    {
        if (!element.IsBackbone && IsPrimitive(type))
        {
            var problem = PrimitiveSyntax.Check(type, value);
            if (problem != PrimitiveSyntax.Problem.None)
                Report(problem switch
                {
                    PrimitiveSyntax.Problem.WrongKind => FhirParseIssueCode.WrongJsonKind,
                    PrimitiveSyntax.Problem.Empty => FhirParseIssueCode.EmptyString,
                    _ => FhirParseIssueCode.InvalidPrimitiveValue,
                }, type);
            return;
        }
        if (value is not JsonObject obj)
        {
            Report(FhirParseIssueCode.WrongJsonKind, type);
            return;
        }
        if (!element.IsBackbone && R4Model.FindType(type)?.Kind == TypeKind.Resource) ValidateResource(obj, isRoot: false);
        else ValidateMembers(obj, element.IsBackbone ? element.TypePath! : type, isResource: false);
    }

    // "_name": the id and extensions of primitive "name"; an object, or an array aligned with name's array.
    private void ValidatePrimitiveSibling(JsonObject owner, string typePath, string key, JsonNode? value)
    {
        var name = key[1..];
        if (R4Model.FindChild(typePath, name) is not var (element, type) || element.IsBackbone || !IsPrimitive(type))
        {
            ReportUnknown(key);
            return;
        }
        Push("." + key);
        owner.TryGetPropertyValue(name, out var primary);
        if (value is JsonArray array && element.IsRepeating)
        {
            if (array.Count == 0) Report(FhirParseIssueCode.EmptyArray);
            if (primary is JsonArray values && values.Count != array.Count)
                Report(FhirParseIssueCode.MalformedPrimitiveExtension);
            for (var i = 0; i < array.Count; i++)
            {
                Push(Index(i));
                if (array[i] is JsonObject o) ValidateMembers(o, type, isResource: false);
                else if (array[i] is not null) Report(FhirParseIssueCode.MalformedPrimitiveExtension);
                // When both sides are null the value array's own check reports it; report here only unaligned nulls.
                else if (primary is not JsonArray p || i >= p.Count) Report(FhirParseIssueCode.NullValue);
                Pop();
            }
        }
        else if (value is JsonObject obj && !element.IsRepeating) ValidateMembers(obj, type, isResource: false);
        else if (value is null) Report(FhirParseIssueCode.NullValue);
        else Report(FhirParseIssueCode.MalformedPrimitiveExtension);
        Pop();
    }

    private static bool IsPrimitive(string type) => R4Model.FindType(type)?.Kind == TypeKind.PrimitiveType;

    private static string Index(int i) => "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private void Push(string segment) => _path.Add(segment);

    private void Pop() => _path.RemoveAt(_path.Count - 1);

    private void ReportUnknown(string key)
    {
        Push("." + key);
        Report(FhirParseIssueCode.UnknownProperty);
        Pop();
    }

    private void Report(FhirParseIssueCode code, string? type = null)
    {
        var sb = new StringBuilder();
        foreach (var s in _path) sb.Append(s);
        var message = FhirParseIssueCatalog.Get(code).Summary + (type is null ? "" : " (" + type + ")");
        var issue = new FhirParseIssue(code, sb.ToString(), message);
        // Unknown properties may be tolerated; the issue stays, as a warning.
        if (code == FhirParseIssueCode.UnknownProperty && options.AllowUnknownProperties)
            issue = issue with { SeverityOverride = FhirIssueSeverity.Warning };
        issues.Add(issue);
    }
}

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>Stable parse issue codes, written as <c>FPA1001</c>…; see <see cref="FhirParseIssueCatalog"/> for severity and type.</summary>
public enum FhirParseIssueCode
{
    MalformedJson = 1001,
    DuplicateProperty = 1002,
    TooDeep = 1003,
    RootNotObject = 1004,
    MissingResourceType = 1005,
    UnknownResourceType = 1006,
    UnknownProperty = 1007,
    WrongJsonKind = 1008,
    ArrayNotExpected = 1009,
    ArrayExpected = 1010,
    InvalidPrimitiveValue = 1011,
    MultipleChoiceVariants = 1012,
    EmptyObject = 1013,
    EmptyArray = 1014,
    EmptyString = 1015,
    NullValue = 1016,
    MalformedPrimitiveExtension = 1017,
    InvalidUtf8 = 1018,
    LoneSurrogate = 1019,
}

/// <summary>OperationOutcome.issue.severity values.</summary>
public enum FhirIssueSeverity
{
    Fatal,
    Error,
    Warning,
    Information,
}

/// <summary>One row of the issue table: how an issue code maps onto an OperationOutcome issue.</summary>
/// <param name="IssueType">The OperationOutcome <c>issue.code</c> (IssueType value set), e.g. <c>structure</c>.</param>
/// <param name="Summary">A fixed description; messages never include instance values, which may be patient data.</param>
public sealed record FhirParseIssueDefinition(FhirParseIssueCode Code, FhirIssueSeverity Severity, string IssueType, string Summary)
{
    /// <summary>The stable code as text: <c>FPA1007</c>.</summary>
    public string Id => "FPA" + ((int)Code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The single table of parse issue codes.</summary>
public static class FhirParseIssueCatalog
{
    private static readonly Dictionary<FhirParseIssueCode, FhirParseIssueDefinition> Table = new FhirParseIssueDefinition[]
    {
        new(FhirParseIssueCode.MalformedJson, FhirIssueSeverity.Fatal, "structure", "The body is not well-formed JSON"),
        new(FhirParseIssueCode.DuplicateProperty, FhirIssueSeverity.Fatal, "structure", "A property appears more than once in one object"),
        new(FhirParseIssueCode.TooDeep, FhirIssueSeverity.Fatal, "too-long", "The JSON nests deeper than allowed"),
        new(FhirParseIssueCode.RootNotObject, FhirIssueSeverity.Fatal, "structure", "A resource must be a JSON object"),
        new(FhirParseIssueCode.MissingResourceType, FhirIssueSeverity.Error, "required", "The resource has no resourceType"),
        new(FhirParseIssueCode.UnknownResourceType, FhirIssueSeverity.Error, "not-supported", "The resourceType is not a concrete FHIR R4 resource type"),
        new(FhirParseIssueCode.UnknownProperty, FhirIssueSeverity.Error, "structure", "The property is not defined for this element"),
        new(FhirParseIssueCode.WrongJsonKind, FhirIssueSeverity.Error, "structure", "The JSON value has the wrong kind for the element's type"),
        new(FhirParseIssueCode.ArrayNotExpected, FhirIssueSeverity.Error, "structure", "An array was given for an element that takes a single value"),
        new(FhirParseIssueCode.ArrayExpected, FhirIssueSeverity.Error, "structure", "A repeating element must be a JSON array"),
        new(FhirParseIssueCode.InvalidPrimitiveValue, FhirIssueSeverity.Error, "value", "The value does not match the lexical form of its primitive type"),
        new(FhirParseIssueCode.MultipleChoiceVariants, FhirIssueSeverity.Error, "structure", "More than one type variant of a choice element is present"),
        new(FhirParseIssueCode.EmptyObject, FhirIssueSeverity.Error, "invalid", "Empty objects are not allowed in FHIR JSON"),
        new(FhirParseIssueCode.EmptyArray, FhirIssueSeverity.Error, "invalid", "Empty arrays are not allowed in FHIR JSON"),
        new(FhirParseIssueCode.EmptyString, FhirIssueSeverity.Error, "invalid", "Empty strings are not allowed in FHIR JSON"),
        new(FhirParseIssueCode.NullValue, FhirIssueSeverity.Error, "invalid", "null is only allowed inside arrays of primitives, aligned with a _name sibling"),
        new(FhirParseIssueCode.MalformedPrimitiveExtension, FhirIssueSeverity.Error, "structure", "The _name sibling of a primitive is malformed"),
        new(FhirParseIssueCode.InvalidUtf8, FhirIssueSeverity.Fatal, "structure", "The body is not valid UTF-8"),
        new(FhirParseIssueCode.LoneSurrogate, FhirIssueSeverity.Fatal, "structure",
            "A string holds an escaped lone surrogate (\\uD800-\\uDFFF outside a pair), which is not Unicode text"),
    }.ToDictionary(d => d.Code);

    public static IReadOnlyCollection<FhirParseIssueDefinition> All => Table.Values;

    public static FhirParseIssueDefinition Get(FhirParseIssueCode code) => Table[code];
}

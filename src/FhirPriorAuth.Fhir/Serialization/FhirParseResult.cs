using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>One problem found while parsing.</summary>
/// <param name="Expression">FHIRPath-style location (<c>Patient.birthDate</c>, <c>Bundle.entry[2].resource</c>).</param>
/// <param name="Message">Human text; never contains instance values.</param>
/// <param name="Line">0-based line of a JSON syntax error, when known.</param>
/// <param name="BytePositionInLine">0-based byte offset within <paramref name="Line"/>, when known.</param>
public sealed record FhirParseIssue(FhirParseIssueCode Code, string Expression, string Message,
    long? Line = null, long? BytePositionInLine = null)
{
    public FhirParseIssueDefinition Definition => FhirParseIssueCatalog.Get(Code);

    /// <summary>The catalog severity, unless options lowered it (unknown properties as warnings).</summary>
    public FhirIssueSeverity Severity => SeverityOverride ?? Definition.Severity;

    internal FhirIssueSeverity? SeverityOverride { get; init; }

    public string IssueType => Definition.IssueType;

    /// <summary>The stable code as text: <c>FPA1007</c>.</summary>
    public string Id => Definition.Id;

    public bool IsError => Severity is FhirIssueSeverity.Fatal or FhirIssueSeverity.Error;
}

/// <summary>Options for <see cref="FhirJsonParser"/>.</summary>
public sealed record FhirParseOptions
{
    public static FhirParseOptions Default { get; } = new();

    private readonly int _maxDepth = 128;

    /// <summary>Maximum JSON nesting depth (1–1024; default 128). Deeper input gives FPA1003 instead of recursing.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = value is >= 1 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDepth));
    }

    /// <summary>Report unknown properties as warnings instead of errors (the JSON is kept as is either way).</summary>
    public bool AllowUnknownProperties { get; init; }
}

/// <summary>What <see cref="FhirJsonParser"/> returns: the resource JSON (null after a fatal issue) and every issue found.</summary>
public sealed record FhirParseResult(JsonObject? Resource, IReadOnlyList<FhirParseIssue> Issues)
{
    /// <summary>True when there is a resource and no error or fatal issue.</summary>
    public bool IsValid => Resource is not null && !Issues.Any(i => i.IsError);
}

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>Stable codes for expressions that cannot be compiled; tools and OperationOutcomes key on these, not on messages.</summary>
public enum FhirPathErrorCode
{
    /// <summary>A character that cannot start any token.</summary>
    UnexpectedCharacter = 101,
    /// <summary>A string, quoted identifier or comment that is never closed.</summary>
    Unterminated = 102,
    /// <summary>A date, time, number or quantity literal that is malformed.</summary>
    InvalidLiteral = 103,
    /// <summary>A token where the grammar does not allow it.</summary>
    UnexpectedToken = 201,
    /// <summary>The expression stops where more is required.</summary>
    UnexpectedEnd = 202,
    /// <summary>Nesting deeper than the parser allows (guards the stack against pathological input).</summary>
    TooDeeplyNested = 203,
    /// <summary>A function name that the engine does not know.</summary>
    UnknownFunction = 301,
    /// <summary>A known function called with the wrong number of arguments.</summary>
    WrongArgumentCount = 302,
    /// <summary>An argument that must be a type name (<c>ofType(Patient)</c>) is not one.</summary>
    InvalidTypeSpecifier = 303,
    /// <summary>An argument whose type is wrong whatever the data (<c>iif('text', ...)</c>).</summary>
    InvalidArgument = 304,
    /// <summary>A member that the statically known type does not have (<c>(value as Period).unit</c>).</summary>
    UnknownMember = 305,
}

/// <summary>An expression that does not compile: a stable <see cref="Code"/> and the zero-based character <see cref="Position"/>.</summary>
public sealed class FhirPathCompileException(FhirPathErrorCode code, string message, int position)
    : Exception($"FP{(int)code}: {message} (at position {position})")
{
    public FhirPathErrorCode Code { get; } = code;
    public int Position { get; } = position;
    /// <summary>The message without code and position.</summary>
    public string Reason { get; } = message;
}

/// <summary>An expression that compiled but cannot be evaluated on this input (e.g. a function given several items where one is required).</summary>
public sealed class FhirPathEvaluationException(string message) : Exception(message);

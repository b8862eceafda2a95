namespace FhirPriorAuth.Fhir.FhirPath.Syntax;

internal enum TokenKind
{
    End,
    Identifier,        // name, `quoted name`, also keywords such as and/div/is
    QuotedIdentifier,  // `quoted name`: never a keyword
    String,
    Integer,
    Long,
    Decimal,
    Date,
    DateTime,
    Time,
    ExternalConstant,  // %name
    SpecialVariable,   // $this, $index, $total
    Symbol,            // . , ( ) [ ] { } + - * / & | = != ~ !~ < <= > >=
}

/// <summary>One lexical token; <see cref="Text"/> is the decoded value for strings and identifiers.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsSymbol(string s) => Kind == TokenKind.Symbol && Text == s;
    public bool IsKeyword(string s) => Kind == TokenKind.Identifier && Text == s;
}

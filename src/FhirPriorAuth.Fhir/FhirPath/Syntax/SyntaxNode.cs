namespace FhirPriorAuth.Fhir.FhirPath.Syntax;

/// <summary>An immutable FHIRPath syntax tree node; <see cref="Position"/> is the character offset it starts at.</summary>
public abstract record SyntaxNode(int Position);

/// <summary>A literal: bool, string, int, long, decimal, <see cref="Values.PartialDateTime"/> or <see cref="Values.Quantity"/>.</summary>
public sealed record LiteralNode(object Value, int Position) : SyntaxNode(Position);

/// <summary><c>{}</c>, the empty collection.</summary>
public sealed record EmptyNode(int Position) : SyntaxNode(Position);

/// <summary>A name at the start of a path: a child of the focus, or a type name matching the focus resource.</summary>
public sealed record IdentifierNode(string Name, int Position) : SyntaxNode(Position);

/// <summary><c>target.name</c>.</summary>
public sealed record MemberNode(SyntaxNode Target, string Name, int Position) : SyntaxNode(Position);

/// <summary><c>target.name(args)</c>, or <c>name(args)</c> on the focus when <see cref="Target"/> is null.</summary>
public sealed record FunctionCallNode(SyntaxNode? Target, string Name, IReadOnlyList<SyntaxNode> Arguments, int Position) : SyntaxNode(Position);

/// <summary><c>target[index]</c>.</summary>
public sealed record IndexerNode(SyntaxNode Target, SyntaxNode Index, int Position) : SyntaxNode(Position);

/// <summary>A binary operator (<c>+</c>, <c>and</c>, <c>|</c>, <c>in</c>, ...).</summary>
public sealed record BinaryNode(string Operator, SyntaxNode Left, SyntaxNode Right, int Position) : SyntaxNode(Position);

/// <summary>Unary <c>+</c> or <c>-</c>.</summary>
public sealed record UnaryNode(string Operator, SyntaxNode Operand, int Position) : SyntaxNode(Position);

/// <summary><c>operand is Type</c> / <c>operand as Type</c>; <see cref="TypeName"/> may be qualified (<c>FHIR.string</c>).</summary>
public sealed record TypeOperatorNode(string Operator, SyntaxNode Operand, string TypeName, int Position) : SyntaxNode(Position);

/// <summary><c>%name</c>: an environment variable.</summary>
public sealed record VariableNode(string Name, int Position) : SyntaxNode(Position);

/// <summary><c>$this</c>, <c>$index</c> or <c>$total</c>.</summary>
public sealed record SpecialVariableNode(string Name, int Position) : SyntaxNode(Position);

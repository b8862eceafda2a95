using System.Globalization;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Syntax;

/// <summary>
/// A Pratt parser for the FHIRPath grammar. Binding powers follow the spec's precedence table (highest first):
/// path/indexer, unary +/-, * / div mod, + - &amp;, is/as, |, comparison, equality, in/contains, and, or/xor, implies.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _index;

    private Parser(string text) => _tokens = Lexer.Tokenize(text);

    public static SyntaxNode Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.Expression(0);
        var rest = parser.Current;
        if (rest.Kind != TokenKind.End)
            throw new FhirPathCompileException(FhirPathErrorCode.UnexpectedToken, $"unexpected '{rest.Text}' after the end of the expression", rest.Position);
        CheckTreeDepth(node);
        return node;
    }

    /// <summary>Long operator chains (<c>1+1+1...</c>) parse in a loop but compile and run recursively, so the tree's depth is capped too.</summary>
    internal const int MaxTreeDepth = 1000;

    private static void CheckTreeDepth(SyntaxNode root)
    {
        var stack = new Stack<(SyntaxNode Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > MaxTreeDepth)
                throw new FhirPathCompileException(FhirPathErrorCode.TooDeeplyNested, $"the expression is more than {MaxTreeDepth} operations deep", node.Position);
            foreach (var child in ChildrenOf(node)) stack.Push((child, depth + 1));
        }
    }

    private static IEnumerable<SyntaxNode> ChildrenOf(SyntaxNode node) => node switch
    {
        MemberNode m => [m.Target],
        FunctionCallNode f => f.Target is null ? f.Arguments : [f.Target, .. f.Arguments],
        IndexerNode i => [i.Target, i.Index],
        BinaryNode b => [b.Left, b.Right],
        UnaryNode u => [u.Operand],
        TypeOperatorNode t => [t.Operand],
        _ => [],
    };

    private Token Current => _tokens[_index];
    private Token PeekAt(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];
    /// <summary>Consumes the current token; the End token is never passed, so Current stays valid.</summary>
    private Token Advance()
    {
        var t = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return t;
    }

    private static FhirPathCompileException Unexpected(Token t) => t.Kind == TokenKind.End
        ? new(FhirPathErrorCode.UnexpectedEnd, "the expression ends too early", t.Position)
        : new(FhirPathErrorCode.UnexpectedToken, $"unexpected '{t.Text}'", t.Position);

    private void Expect(string symbol)
    {
        if (!Current.IsSymbol(symbol)) throw Unexpected(Current);
        Advance();
    }

    private const int UnaryPower = 110;

    /// <summary>Left binding power of the infix operator at the current token; 0 when it is not one.</summary>
    private int InfixPower(Token t)
    {
        if (t.Kind == TokenKind.Symbol)
        {
            return t.Text switch
            {
                "." or "[" => 120,
                "*" or "/" => 100,
                "+" or "-" or "&" => 90,
                "|" => 70,
                "<" or ">" or "<=" or ">=" => 60,
                "=" or "~" or "!=" or "!~" => 50,
                _ => 0,
            };
        }
        if (t.Kind != TokenKind.Identifier) return 0;
        return t.Text switch
        {
            "div" or "mod" => 100,
            "is" or "as" => 80,
            "in" or "contains" => 40,
            "and" => 30,
            "or" or "xor" => 20,
            "implies" => 10,
            _ => 0,
        };
    }

    /// <summary>Real rules nest a few levels; thousands would only exhaust the stack, which cannot be caught.</summary>
    internal const int MaxDepth = 200;
    private int _depth;

    private SyntaxNode Expression(int minPower)
    {
        if (++_depth > MaxDepth)
            throw new FhirPathCompileException(FhirPathErrorCode.TooDeeplyNested, $"the expression nests more than {MaxDepth} levels", Current.Position);
        try
        {
            return ExpressionCore(minPower);
        }
        finally
        {
            _depth--;
        }
    }

    private SyntaxNode ExpressionCore(int minPower)
    {
        var left = Prefix();
        while (true)
        {
            var op = Current;
            var power = InfixPower(op);
            if (power == 0 || power <= minPower) return left;
            Advance();
            left = Infix(left, op, power);
        }
    }

    private SyntaxNode Infix(SyntaxNode left, Token op, int power)
    {
        if (op.IsSymbol("."))
        {
            var name = Current;
            if (name.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier)) throw Unexpected(name);
            Advance();
            if (Current.IsSymbol("(") && name.Kind == TokenKind.Identifier)
                return new FunctionCallNode(left, name.Text, Arguments(), name.Position);
            return new MemberNode(left, name.Text, name.Position);
        }
        if (op.IsSymbol("["))
        {
            var index = Expression(0);
            Expect("]");
            return new IndexerNode(left, index, op.Position);
        }
        if (op.IsKeyword("is") || op.IsKeyword("as"))
            return new TypeOperatorNode(op.Text, left, TypeSpecifier(), op.Position);
        var right = Expression(power);
        return new BinaryNode(op.Text, left, right, op.Position);
    }

    /// <summary>A possibly qualified type name: <c>Patient</c>, <c>FHIR.string</c>, <c>System.Integer</c>.</summary>
    private string TypeSpecifier()
    {
        var first = Current;
        if (first.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier)) throw Unexpected(first);
        Advance();
        var name = first.Text;
        if (Current.IsSymbol(".") && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !(PeekAt(2).IsSymbol("(")))
        {
            Advance();
            name += "." + Advance().Text;
        }
        return name;
    }

    private List<SyntaxNode> Arguments()
    {
        Expect("(");
        var args = new List<SyntaxNode>();
        if (Current.IsSymbol(")")) { Advance(); return args; }
        while (true)
        {
            args.Add(Expression(0));
            if (Current.IsSymbol(",")) { Advance(); continue; }
            Expect(")");
            return args;
        }
    }

    private SyntaxNode Prefix()
    {
        var t = Advance();
        switch (t.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Decimal:
            case TokenKind.Long:
                return Number(t);
            case TokenKind.String:
                return new LiteralNode(t.Text, t.Position);
            case TokenKind.Date:
                return new LiteralNode(PartialDateTime.ParseDate(t.Text)!, t.Position);
            case TokenKind.DateTime:
                return new LiteralNode(PartialDateTime.ParseDateTime(t.Text)!, t.Position);
            case TokenKind.Time:
                return new LiteralNode(PartialDateTime.ParseTime(t.Text)!, t.Position);
            case TokenKind.ExternalConstant:
                return new VariableNode(t.Text, t.Position);
            case TokenKind.SpecialVariable:
                return new SpecialVariableNode(t.Text, t.Position);
            case TokenKind.QuotedIdentifier:
                return new IdentifierNode(t.Text, t.Position);
            case TokenKind.Identifier:
                if (t.Text == "true" || t.Text == "false") return new LiteralNode(t.Text == "true", t.Position);
                if (Current.IsSymbol("(")) return new FunctionCallNode(null, t.Text, Arguments(), t.Position);
                return new IdentifierNode(t.Text, t.Position);
            case TokenKind.Symbol:
                switch (t.Text)
                {
                    case "(":
                    {
                        var inner = Expression(0);
                        Expect(")");
                        return inner;
                    }
                    case "{":
                        Expect("}");
                        return new EmptyNode(t.Position);
                    case "+":
                    case "-":
                    {
                        var operand = Expression(UnaryPower);
                        return t.Text == "-" ? Negate(operand, t.Position) : new UnaryNode("+", operand, t.Position);
                    }
                }
                break;
        }
        throw Unexpected(t);
    }

    /// <summary>Folds <c>-5</c> and <c>-5.5 'mg'</c> into literals; anything else stays a unary node evaluated at run time.</summary>
    private static SyntaxNode Negate(SyntaxNode operand, int position) => operand switch
    {
        LiteralNode { Value: int i } when i != int.MinValue => new LiteralNode(-i, position),
        LiteralNode { Value: long l } => new LiteralNode(-l, position),
        LiteralNode { Value: decimal d } => new LiteralNode(-d, position),
        LiteralNode { Value: Quantity q } => new LiteralNode(q with { Value = -q.Value }, position),
        _ => new UnaryNode("-", operand, position),
    };

    private SyntaxNode Number(Token t)
    {
        object value;
        try
        {
            value = t.Kind switch
            {
                // Each arm is boxed on its own: a common arm type would silently turn every number into a decimal.
                TokenKind.Decimal => (object)decimal.Parse(t.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
                TokenKind.Long => (object)long.Parse(t.Text, CultureInfo.InvariantCulture),
                _ => int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? (object)i
                    : (object)long.Parse(t.Text, CultureInfo.InvariantCulture),
            };
        }
        catch (OverflowException)
        {
            throw new FhirPathCompileException(FhirPathErrorCode.InvalidLiteral, $"number '{t.Text}' is out of range", t.Position);
        }
        // A number followed by a unit string or a calendar keyword is a Quantity literal.
        if (t.Kind != TokenKind.Long)
        {
            var next = Current;
            if (next.Kind == TokenKind.String)
            {
                Advance();
                return new LiteralNode(Quantity.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture), next.Text), t.Position);
            }
            if (next.Kind == TokenKind.Identifier && Ucum.CalendarUnits.ContainsKey(next.Text))
            {
                Advance();
                return new LiteralNode(Quantity.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture), next.Text), t.Position);
            }
        }
        return new LiteralNode(value, t.Position);
    }
}

using FhirPriorAuth.Fhir.FhirPath.Functions;
using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Syntax;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>Turns a syntax tree into nested closures; everything that can be decided from the text is decided here.</summary>
internal static class Compiler
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static Evaluator Compile(SyntaxNode node) => node switch
    {
        LiteralNode lit => Constant(lit.Value),
        EmptyNode => _ => Empty,
        IdentifierNode id => CompileIdentifier(id.Name),
        MemberNode m => CompileMember(Compile(m.Target), m.Name, StaticType(m.Target), m.Position),
        IndexerNode ix => CompileIndexer(Compile(ix.Target), Compile(ix.Index)),
        FunctionCallNode call => CompileCall(call),
        BinaryNode bin => CompileBinary(bin),
        UnaryNode un => CompileUnary(un),
        TypeOperatorNode tn => CompileTypeOperator(tn.Operator, Compile(tn.Operand), tn.TypeName, tn.Position),
        VariableNode v => CompileVariable(v.Name),
        SpecialVariableNode sv => sv.Name switch
        {
            "this" => env => env.Focus,
            "index" => env => env.Index < 0 ? Empty : [env.Index],
            _ => env => env.Total ?? Empty,
        },
        _ => throw new FhirPathCompileException(FhirPathErrorCode.UnexpectedToken, $"unsupported syntax {node.GetType().Name}", node.Position),
    };

    private static Evaluator Constant(object value)
    {
        IReadOnlyList<object> c = [value];
        return _ => c;
    }

    private static Evaluator CompileIdentifier(string name)
    {
        // A capitalised name at the start of a path may be a type name that selects the focus (Patient.name).
        var maybeType = char.IsAsciiLetterUpper(name[0]);
        return env => Navigation.Children(env.Focus, name, maybeType);
    }

    private static Evaluator CompileMember(Evaluator target, string name, string? staticType, int position)
    {
        // After a cast the type is known from the text alone, so a member it lacks is reported before any data is seen.
        // Abstract types are left to run time: a subtype may well have the member (ofType(DomainResource).status).
        if (staticType is not null && R4Model.FindType(staticType) is { Kind: not TypeKind.PrimitiveType, IsAbstract: false } && R4Model.FindElement(staticType, name) is null)
            throw new FhirPathCompileException(FhirPathErrorCode.UnknownMember, $"{staticType} has no element '{name}'", position);
        return env => Navigation.Children(target(env), name, false);
    }

    /// <summary>The FHIR type an expression is known to have from its text: the target of <c>as</c>/<c>ofType</c>.</summary>
    private static string? StaticType(SyntaxNode node)
    {
        var typeName = node switch
        {
            TypeOperatorNode { Operator: "as" } t => t.TypeName,
            FunctionCallNode { Name: "as" or "ofType", Arguments: [var arg] } => arg switch
            {
                IdentifierNode id => id.Name,
                MemberNode { Target: IdentifierNode { Name: "FHIR" } } m => m.Name,
                _ => null,
            },
            _ => null,
        };
        if (typeName is null) return null;
        if (typeName.StartsWith("FHIR.", StringComparison.Ordinal)) typeName = typeName[5..];
        return typeName.Contains('.') ? null : typeName;
    }

    private static Evaluator CompileIndexer(Evaluator target, Evaluator index) => env =>
    {
        var c = target(env);
        var i = index(env);
        if (i.Count == 0 || c.Count == 0) return Empty;
        if (i.Count > 1 || ItemValues.ToSystemValue(i[0]) is not int n) throw new FhirPathEvaluationException("an indexer needs a single integer");
        return n >= 0 && n < c.Count ? [c[n]] : Empty;
    };

    private static Evaluator CompileCall(FunctionCallNode call)
    {
        if (!FunctionLibrary.TryGet(call.Name, out var def))
            throw new FhirPathCompileException(FhirPathErrorCode.UnknownFunction, $"unknown function '{call.Name}'", call.Position);
        var count = call.Arguments.Count;
        if (count < def.MinArity || count > def.MaxArity)
        {
            var expected = def.MinArity == def.MaxArity ? $"{def.MinArity}" : def.MaxArity == int.MaxValue ? $"at least {def.MinArity}" : $"{def.MinArity} to {def.MaxArity}";
            throw new FhirPathCompileException(FhirPathErrorCode.WrongArgumentCount, $"{call.Name}() takes {expected} argument(s), got {count}", call.Position);
        }
        if (call.Name == "iif" && call.Arguments[0] is LiteralNode { Value: not bool } criterion)
            throw new FhirPathCompileException(FhirPathErrorCode.InvalidArgument, "the iif() criterion must be a Boolean", criterion.Position);
        var args = new Evaluator?[count];
        var types = new string?[count];
        for (var i = 0; i < count; i++)
        {
            if (def.KindOf(i) == ArgumentKind.Type)
            {
                types[i] = TypeNameOf(call.Arguments[i]);
                if (!ItemValues.IsKnownType(types[i]!))
                    throw new FhirPathCompileException(FhirPathErrorCode.InvalidTypeSpecifier, $"unknown type '{types[i]}'", call.Arguments[i].Position);
            }
            else if (def.KindOf(i) == ArgumentKind.SortKey && call.Arguments[i] is UnaryNode { Operator: "-" } descending)
            {
                args[i] = Compile(descending.Operand);
                types[i] = Invocation.Descending;
            }
            else args[i] = Compile(call.Arguments[i]);
        }
        var target = call.Target is null ? null : Compile(call.Target);
        var name = call.Name;
        var body = def.Body;
        var propagate = def.PropagatesEmpty;
        return env =>
        {
            var input = target is null ? env.Focus : target(env);
            if (propagate && input.Count == 0) return Empty;
            return body(new Invocation(name, input, env, args, types));
        };
    }

    /// <summary>Reads a type argument written as an identifier or a qualified name (<c>FHIR.string</c>).</summary>
    private static string TypeNameOf(SyntaxNode node) => node switch
    {
        IdentifierNode id => id.Name,
        MemberNode { Target: IdentifierNode ns } m => ns.Name + "." + m.Name,
        _ => throw new FhirPathCompileException(FhirPathErrorCode.InvalidTypeSpecifier, "a type name is required here", node.Position),
    };

    private static Evaluator CompileTypeOperator(string op, Evaluator operand, string typeName, int position)
    {
        if (!ItemValues.IsKnownType(typeName))
            throw new FhirPathCompileException(FhirPathErrorCode.InvalidTypeSpecifier, $"unknown type '{typeName}'", position);
        if (op == "is")
        {
            return env =>
            {
                var c = operand(env);
                if (c.Count == 0) return Empty;
                if (c.Count > 1) throw new FhirPathEvaluationException("'is' needs a single item");
                return [ItemValues.IsOfType(c[0], typeName)];
            };
        }
        return env =>
        {
            var c = operand(env);
            if (c.Count == 0) return Empty;
            if (c.Count > 1) throw new FhirPathEvaluationException("'as' needs a single item");
            return ItemValues.IsOfType(c[0], typeName, exactForPrimitives: true) ? c : Empty;
        };
    }

    private static Evaluator CompileUnary(UnaryNode un)
    {
        var operand = Compile(un.Operand);
        if (un.Operator == "+") return operand;
        return env =>
        {
            var c = operand(env);
            if (c.Count == 0) return Empty;
            if (c.Count > 1) throw new FhirPathEvaluationException("unary '-' needs a single item");
            return ItemValues.ToOperand(c[0]) switch
            {
                int i => [-i],
                long l => [-l],
                decimal d => [-d],
                Quantity q => [q with { Value = -q.Value }],
                var other => throw new FhirPathEvaluationException($"unary '-' cannot be applied to {(other is null ? "an empty value" : Numbers.Describe(other))}"),
            };
        };
    }

    private static Evaluator CompileVariable(string name)
    {
        IReadOnlyList<object>? constant = name switch
        {
            "ucum" => ["http://unitsofmeasure.org"],
            "sct" => ["http://snomed.info/sct"],
            "loinc" => ["http://loinc.org"],
            _ when name.StartsWith("vs-", StringComparison.Ordinal) => ["http://hl7.org/fhir/ValueSet/" + name[3..]],
            _ when name.StartsWith("ext-", StringComparison.Ordinal) => ["http://hl7.org/fhir/StructureDefinition/" + name[4..]],
            _ => null,
        };
        if (constant is not null) return _ => constant;
        return name switch
        {
            "context" => env => env.Run.Input,
            "resource" => env => env.Run.Resource is { } r ? [r] : Empty,
            "rootResource" => env => env.Run.RootResource is { } r ? [r] : Empty,
            _ => env =>
            {
                if (env.Run.Defined is not null && env.Run.Defined.TryGetValue(name, out var defined)) return defined;
                if (env.Run.Context.Variables.TryGetValue(name, out var value)) return ToCollection(value);
                throw new FhirPathEvaluationException($"variable %{name} is not defined");
            },
        };
    }

    /// <summary>Caller-supplied variables may be single values or sequences.</summary>
    internal static IReadOnlyList<object> ToCollection(object? value) => value switch
    {
        null => Empty,
        string s => [s],
        IReadOnlyList<object> list => list,
        System.Collections.IEnumerable e => e.Cast<object>().Where(o => o is not null).ToList(),
        _ => [value],
    };

    private static Evaluator CompileBinary(BinaryNode bin)
    {
        var left = Compile(bin.Left);
        var right = Compile(bin.Right);
        var op = bin.Operator;
        switch (op)
        {
            case "and":
                return env =>
                {
                    var l = Logic.ToBoolean(left(env), "'and'");
                    if (l == false) return [false];
                    return Boolean(Logic.And(l, Logic.ToBoolean(right(env), "'and'")));
                };
            case "or":
                return env =>
                {
                    var l = Logic.ToBoolean(left(env), "'or'");
                    if (l == true) return [true];
                    return Boolean(Logic.Or(l, Logic.ToBoolean(right(env), "'or'")));
                };
            case "xor":
                return env => Boolean(Logic.Xor(Logic.ToBoolean(left(env), "'xor'"), Logic.ToBoolean(right(env), "'xor'")));
            case "implies":
                return env =>
                {
                    var l = Logic.ToBoolean(left(env), "'implies'");
                    if (l == false) return [true];
                    return Boolean(Logic.Implies(l, Logic.ToBoolean(right(env), "'implies'")));
                };
            case "=":
                return env => Boolean(Equality.CollectionsEqual(left(env), right(env)));
            case "!=":
                return env => Boolean(!Equality.CollectionsEqual(left(env), right(env)));
            case "~":
                return env => [Equality.CollectionsEquivalent(left(env), right(env))];
            case "!~":
                return env => [!Equality.CollectionsEquivalent(left(env), right(env))];
            case "<" or ">" or "<=" or ">=":
                return env =>
                {
                    var l = left(env);
                    var r = right(env);
                    if (l.Count == 0 || r.Count == 0) return Empty;
                    if (l.Count > 1 || r.Count > 1) throw new FhirPathEvaluationException($"'{op}' needs single items on both sides");
                    var c = Numbers.Compare(l[0], r[0]);
                    if (c is null) return Empty;
                    return [op switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 }];
                };
            case "|":
                return env => Equality.Distinct(left(env).Concat(right(env)));
            case "in":
                return env => Membership(left(env), right(env), "in");
            case "contains":
                return env => Membership(right(env), left(env), "contains");
            case "&":
                return env =>
                {
                    var l = SingleString(left(env), "&");
                    var r = SingleString(right(env), "&");
                    return [l + r];
                };
            default:
                return env =>
                {
                    var l = left(env);
                    var r = right(env);
                    if (l.Count == 0 || r.Count == 0) return Empty;
                    if (l.Count > 1 || r.Count > 1) throw new FhirPathEvaluationException($"'{op}' needs single items on both sides");
                    var result = Arithmetic.Apply(op, l[0], r[0]);
                    return result is null ? Empty : [result];
                };
        }
    }

    private static IReadOnlyList<object> Boolean(bool? b) => b is null ? Empty : [b.Value];

    private static IReadOnlyList<object> Membership(IReadOnlyList<object> item, IReadOnlyList<object> collection, string op)
    {
        if (item.Count == 0) return Empty;
        if (item.Count > 1) throw new FhirPathEvaluationException($"'{op}' needs a single item to look for");
        return [Equality.Contains(collection, item[0])];
    }

    private static string SingleString(IReadOnlyList<object> c, string op)
    {
        if (c.Count == 0) return "";
        if (c.Count > 1) throw new FhirPathEvaluationException($"'{op}' needs single strings");
        return ItemValues.ToSystemValue(c[0]) as string ?? throw new FhirPathEvaluationException($"'{op}' needs strings");
    }
}

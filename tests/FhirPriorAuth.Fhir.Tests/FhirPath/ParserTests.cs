using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Syntax;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.Tests.FhirPath;

public class ParserTests
{
    [Theory]
    [InlineData("Patient.name.", FhirPathErrorCode.UnexpectedEnd, 13)]
    [InlineData("1 + * 2", FhirPathErrorCode.UnexpectedToken, 4)]
    [InlineData("'abc", FhirPathErrorCode.Unterminated, 0)]
    [InlineData("2 + 2 /* open", FhirPathErrorCode.Unterminated, 6)]
    [InlineData("name # x", FhirPathErrorCode.UnexpectedCharacter, 5)]
    [InlineData("@2024-13-01", FhirPathErrorCode.InvalidLiteral, 0)]
    [InlineData("@T10:30Z", FhirPathErrorCode.InvalidLiteral, 0)]
    [InlineData("name.given)", FhirPathErrorCode.UnexpectedToken, 10)]
    [InlineData("$that", FhirPathErrorCode.UnexpectedCharacter, 0)]
    public void SyntaxErrors_CarryCodeAndPosition(string expression, FhirPathErrorCode code, int position)
    {
        var e = Assert.Throws<FhirPathCompileException>(() => FhirPathCompiler.Parse(expression));
        Assert.Equal(code, e.Code);
        Assert.Equal(position, e.Position);
        Assert.StartsWith($"FP{(int)code}:", e.Message);
    }

    [Theory]
    [InlineData("name.foo()", FhirPathErrorCode.UnknownFunction, 5)]
    [InlineData("name.where()", FhirPathErrorCode.WrongArgumentCount, 5)]
    [InlineData("substring(1, 2, 3)", FhirPathErrorCode.WrongArgumentCount, 0)]
    [InlineData("name.ofType(NotAType)", FhirPathErrorCode.InvalidTypeSpecifier, 12)]
    [InlineData("name is 'x'", FhirPathErrorCode.UnexpectedToken, 8)]
    [InlineData("iif('yes', 1, 2)", FhirPathErrorCode.InvalidArgument, 4)]
    [InlineData("(value as Period).unit", FhirPathErrorCode.UnknownMember, 18)]
    [InlineData("value.ofType(FHIR.Quantity).start", FhirPathErrorCode.UnknownMember, 28)]
    public void CompileErrors_CarryCodeAndPosition(string expression, FhirPathErrorCode code, int position)
    {
        var e = Assert.Throws<FhirPathCompileException>(() => FhirPathCompiler.Compile(expression));
        Assert.Equal(code, e.Code);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void PathologicalNestingIsRefused_NotAStackOverflow()
    {
        var deep = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Equal(FhirPathErrorCode.TooDeeplyNested, Assert.Throws<FhirPathCompileException>(() => FhirPathCompiler.Parse(deep)).Code);
        var chain = "1" + string.Concat(Enumerable.Repeat("+1", 20000));
        Assert.Equal(FhirPathErrorCode.TooDeeplyNested, Assert.Throws<FhirPathCompileException>(() => FhirPathCompiler.Parse(chain)).Code);
        var fine = new string('(', 50) + "1" + new string(')', 50);
        Assert.Equal(1, Assert.IsType<LiteralNode>(FhirPathCompiler.Parse(fine)).Value);
    }

    [Fact]
    public void MultiplicationBindsTighterThanAddition()
    {
        var tree = Assert.IsType<BinaryNode>(FhirPathCompiler.Parse("1 + 2 * 3"));
        Assert.Equal("+", tree.Operator);
        Assert.Equal("*", Assert.IsType<BinaryNode>(tree.Right).Operator);
    }

    [Fact]
    public void AndBindsTighterThanOr_ImpliesLoosestOfAll()
    {
        var tree = Assert.IsType<BinaryNode>(FhirPathCompiler.Parse("a or b and c implies d"));
        Assert.Equal("implies", tree.Operator);
        var or = Assert.IsType<BinaryNode>(tree.Left);
        Assert.Equal("or", or.Operator);
        Assert.Equal("and", Assert.IsType<BinaryNode>(or.Right).Operator);
    }

    [Fact]
    public void IsBindsTighterThanComparison()
    {
        // 1 > (2 is Boolean): the spec's precedence table puts is/as above the comparison operators.
        var tree = Assert.IsType<BinaryNode>(FhirPathCompiler.Parse("1 > 2 is Boolean"));
        Assert.Equal(">", tree.Operator);
        Assert.IsType<TypeOperatorNode>(tree.Right);
    }

    [Fact]
    public void UnaryMinusAppliesAfterTheMethodCall()
    {
        var tree = Assert.IsType<UnaryNode>(FhirPathCompiler.Parse("-1.convertsToInteger()"));
        Assert.IsType<FunctionCallNode>(tree.Operand);
    }

    [Fact]
    public void NegativeLiteralsAreFolded()
    {
        Assert.Equal(-5, Assert.IsType<LiteralNode>(FhirPathCompiler.Parse("-5")).Value);
        Assert.Equal(new Quantity(-1.5m, "mg"), Assert.IsType<LiteralNode>(FhirPathCompiler.Parse("-1.5 'mg'")).Value);
    }

    [Theory]
    [InlineData("5", typeof(int))]
    [InlineData("5L", typeof(long))]
    [InlineData("5.0", typeof(decimal))]
    [InlineData("'five'", typeof(string))]
    [InlineData("true", typeof(bool))]
    [InlineData("@2024-02", typeof(PartialDateTime))]
    [InlineData("4 days", typeof(Quantity))]
    public void LiteralsKeepTheirSystemType(string text, Type type) =>
        Assert.IsType(type, Assert.IsType<LiteralNode>(FhirPathCompiler.Parse(text)).Value);

    [Fact]
    public void CalendarKeywordsBecomeSingularUnits() =>
        Assert.Equal(new Quantity(4, "day"), Assert.IsType<LiteralNode>(FhirPathCompiler.Parse("4 days")).Value);

    [Fact]
    public void StringEscapesAreDecoded() =>
        Assert.Equal("a'b\n\u00e9", Assert.IsType<LiteralNode>(FhirPathCompiler.Parse(@"'a\'b\n\u00e9'")).Value);

    [Fact]
    public void DelimitedIdentifiersAndQualifiedTypesParse()
    {
        var member = Assert.IsType<MemberNode>(FhirPathCompiler.Parse("Patient.`given name`"));
        Assert.Equal("given name", member.Name);
        var type = Assert.IsType<TypeOperatorNode>(FhirPathCompiler.Parse("value is FHIR.string"));
        Assert.Equal("FHIR.string", type.TypeName);
    }

    [Fact]
    public void CompileCachesByText()
    {
        Assert.Same(FhirPathCompiler.Compile("name.given"), FhirPathCompiler.Compile("name.given"));
        Assert.NotSame(FhirPathCompiler.CompileUncached("name.given"), FhirPathCompiler.CompileUncached("name.given"));
    }

    [Fact]
    public void TryCompile_ReportsInsteadOfThrowing()
    {
        Assert.False(FhirPathCompiler.TryCompile("name.", out var compiled, out var error));
        Assert.Null(compiled);
        Assert.Equal(FhirPathErrorCode.UnexpectedEnd, error!.Code);
    }
}

using System.Text;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.Tests.Serialization;

/// <summary>One case per class of malformed input: the stable code, the location and the OperationOutcome issue type.</summary>
public class MalformedInputTests
{
    private static FhirParseIssue Single(string json, FhirParseIssueCode code, FhirParseOptions? options = null)
    {
        var result = FhirJsonParser.Parse(json, options);
        Assert.False(result.IsValid);
        return Assert.Single(result.Issues, i => i.Code == code);
    }

    private static void AssertIssue(FhirParseIssue issue, string id, string expression, string issueType)
    {
        Assert.Equal(id, issue.Id);
        Assert.Equal(expression, issue.Expression);
        Assert.Equal(issueType, issue.IssueType);
    }

    [Fact]
    public void MalformedJson_IsFatalWithLineAndPosition()
    {
        var result = FhirJsonParser.Parse("{\"resourceType\":\"Patient\",\n \"active\": tru }");

        var issue = Assert.Single(result.Issues);
        AssertIssue(issue, "FPA1001", "Patient.active", "structure");
        Assert.Equal(FhirIssueSeverity.Fatal, issue.Severity);
        Assert.Equal(1, issue.Line);
        Assert.NotNull(issue.BytePositionInLine);
        Assert.Contains("line 2", issue.Message, StringComparison.Ordinal);
        Assert.Null(result.Resource);
    }

    [Fact]
    public void InvalidUtf8InAString_IsAFatalIssueNotAnException()
    {
        byte[] body = [.. "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\""u8, 0xC3, 0x28, .. "\"}]}"u8];

        var result = FhirJsonParser.Parse(body);

        var issue = Assert.Single(result.Issues);
        AssertIssue(issue, "FPA1018", "Resource", "structure");
        Assert.Null(result.Resource);
    }

    [Fact]
    public void LoneSurrogateEscapeInAString_IsAFatalIssueWithItsLocation()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","name":[{"family":"Zeb\ud800edee"}]}""");

        var issue = Assert.Single(result.Issues);
        AssertIssue(issue, "FPA1019", "Patient.name[0].family", "structure");
        Assert.Equal(FhirIssueSeverity.Fatal, issue.Severity);
        Assert.Null(result.Resource);
    }

    [Fact]
    public void LoneSurrogateEscapeInAPropertyName_IsAFatalIssueNotAnException()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","\udc00":1,"\udc00":2}""");

        Assert.Contains(result.Issues, i => i.Id == "FPA1019");
        Assert.Null(result.Resource);
    }

    [Fact]
    public void ASurrogatePairEscape_IsText()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","name":[{"family":"\ud83d\ude00"}]}""");

        Assert.True(result.IsValid, string.Join("; ", result.Issues));
    }

    [Fact]
    public void StrictJson_GivesPlainMemberPathsOutsideFhir()
    {
        var result = StrictJson.Parse("""{"context":{"patientId":"\udfff"}}"""u8, 64);

        var issue = Assert.Single(result.Issues);
        Assert.Equal("context.patientId", issue.Expression);
        Assert.Null(result.Root);
    }

    [Fact]
    public void DuplicateKeys_AreAllReported()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","gender":"male","name":[{"family":"A","family":"B"}],"gender":"female"}""");

        Assert.Null(result.Resource);
        Assert.Equal(["Patient.name[0].family", "Patient.gender"],
            result.Issues.Where(i => i.Code == FhirParseIssueCode.DuplicateProperty).Select(i => i.Expression));
        AssertIssue(result.Issues[0], "FPA1002", "Patient.name[0].family", "structure");
    }

    [Fact]
    public void TooDeep_TenThousandLevelsGiveAnIssueNotACrash()
    {
        var json = "{\"resourceType\":\"Patient\",\"extension\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var issue = Single(json, FhirParseIssueCode.TooDeep);

        Assert.Equal(("FPA1003", "too-long", FhirIssueSeverity.Fatal), (issue.Id, issue.IssueType, issue.Severity));
        Assert.StartsWith("Patient.extension[0]", issue.Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void TooDeep_HonoursTheConfiguredLimit()
    {
        const string json = """{"resourceType":"Patient","name":[{"given":["a"]}]}""";

        Assert.True(FhirJsonParser.Parse(json, new FhirParseOptions { MaxDepth = 4 }).IsValid);
        var issue = Single(json, FhirParseIssueCode.TooDeep, new FhirParseOptions { MaxDepth = 3 });
        Assert.Equal("Patient.name[0].given", issue.Expression);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Patient\"")]
    [InlineData("42")]
    public void RootNotAnObject_IsFatal(string json)
    {
        var issue = Single(json, FhirParseIssueCode.RootNotObject);

        AssertIssue(issue, "FPA1004", "Resource", "structure");
    }

    [Fact]
    public void MissingResourceType_IsRequired()
    {
        var issue = Single("""{"id":"x"}""", FhirParseIssueCode.MissingResourceType);

        AssertIssue(issue, "FPA1005", "Resource", "required");
    }

    [Theory]
    [InlineData("\"Patientt\"")]
    [InlineData("\"DomainResource\"")] // abstract
    [InlineData("42")]
    public void UnknownResourceType_IsNotSupported(string resourceType)
    {
        var issue = Single($$"""{"resourceType":{{resourceType}},"id":"x"}""", FhirParseIssueCode.UnknownResourceType);

        AssertIssue(issue, "FPA1006", "Resource", "not-supported");
    }

    [Fact]
    public void UnknownProperty_IsReportedWithItsLocation()
    {
        var issue = Single("""{"resourceType":"Patient","name":[{"family":"A","nickname":"B"}]}""", FhirParseIssueCode.UnknownProperty);

        AssertIssue(issue, "FPA1007", "Patient.name[0].nickname", "structure");
        Assert.Equal(FhirIssueSeverity.Error, issue.Severity);
    }

    [Fact]
    public void UnknownProperty_CanBeToleratedAsAWarning()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","nickname":"B"}""", new FhirParseOptions { AllowUnknownProperties = true });

        Assert.True(result.IsValid);
        Assert.Equal(FhirIssueSeverity.Warning, Assert.Single(result.Issues).Severity);
    }

    [Theory]
    [InlineData("\"active\":\"true\"", "Patient.active")]
    [InlineData("\"gender\":1", "Patient.gender")]
    [InlineData("\"multipleBirthInteger\":\"2\"", "Patient.multipleBirth.ofType(integer)")]
    [InlineData("\"maritalStatus\":\"M\"", "Patient.maritalStatus")]
    [InlineData("\"birthDate\":{\"value\":\"2000\"}", "Patient.birthDate")]
    public void WrongJsonKind_IsStructure(string member, string expression)
    {
        var issue = Single("{\"resourceType\":\"Patient\"," + member + "}", FhirParseIssueCode.WrongJsonKind);

        AssertIssue(issue, "FPA1008", expression, "structure");
    }

    [Fact]
    public void ArrayForASingleValue_IsStructure()
    {
        var issue = Single("""{"resourceType":"Patient","gender":["male"]}""", FhirParseIssueCode.ArrayNotExpected);

        AssertIssue(issue, "FPA1009", "Patient.gender", "structure");
    }

    [Fact]
    public void SingleValueForARepeatingElement_IsStructure()
    {
        var issue = Single("""{"resourceType":"Patient","name":{"family":"A"}}""", FhirParseIssueCode.ArrayExpected);

        AssertIssue(issue, "FPA1010", "Patient.name", "structure");
    }

    [Theory]
    [InlineData("Patient", "\"birthDate\":\"2000-13-01\"", "Patient.birthDate")]
    [InlineData("Patient", "\"birthDate\":\"01/02/2000\"", "Patient.birthDate")]
    [InlineData("Patient", "\"deceasedDateTime\":\"2000-01-01T10:00\"", "Patient.deceased.ofType(dateTime)")]
    [InlineData("Patient", "\"id\":\"has space\"", "Patient.id")]
    [InlineData("Patient", "\"id\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"", "Patient.id")]
    [InlineData("Patient", "\"gender\":\" male\"", "Patient.gender")]
    [InlineData("Patient", "\"implicitRules\":\"http://a b\"", "Patient.implicitRules")]
    [InlineData("Patient", "\"multipleBirthInteger\":1.5", "Patient.multipleBirth.ofType(integer)")]
    [InlineData("Patient", "\"multipleBirthInteger\":2147483648", "Patient.multipleBirth.ofType(integer)")]
    [InlineData("Patient", "\"multipleBirthInteger\":1E2", "Patient.multipleBirth.ofType(integer)")]
    [InlineData("Patient", "\"photo\":[{\"data\":\"abc\"}]", "Patient.photo[0].data")]
    [InlineData("Patient", "\"photo\":[{\"data\":\"ab!d\"}]", "Patient.photo[0].data")]
    [InlineData("Claim", "\"item\":[{\"sequence\":0}]", "Claim.item[0].sequence")]
    [InlineData("Observation", "\"valueTime\":\"25:00:00\"", "Observation.value.ofType(time)")]
    [InlineData("Observation", "\"issued\":\"2020-01-01\"", "Observation.issued")]
    [InlineData("Observation", "\"valueQuantity\":{\"value\":1,\"system\":\"http://unitsofmeasure.org\",\"code\":\"a  b\"}", "Observation.value.ofType(Quantity).code")]
    public void InvalidLexicalForm_IsValue(string resourceType, string member, string expression)
    {
        var issue = Single("{\"resourceType\":\"" + resourceType + "\"," + member + "}", FhirParseIssueCode.InvalidPrimitiveValue);

        AssertIssue(issue, "FPA1011", expression, "value");
        // The message names the type, never the offending value.
        var value = member[(member.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim('"');
        Assert.DoesNotContain(value, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeUnsignedInt_IsValue()
    {
        var issue = Single("""{"resourceType":"DocumentReference","status":"current","content":[{"attachment":{"size":-1}}]}""",
            FhirParseIssueCode.InvalidPrimitiveValue);

        AssertIssue(issue, "FPA1011", "DocumentReference.content[0].attachment.size", "value");
    }

    [Fact]
    public void MultipleChoiceVariants_AreStructure()
    {
        var issue = Single("""{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2020"}""", FhirParseIssueCode.MultipleChoiceVariants);

        AssertIssue(issue, "FPA1012", "Patient.deceased", "structure");
    }

    [Fact]
    public void EmptyObject_IsInvalid()
    {
        var issue = Single("""{"resourceType":"Patient","maritalStatus":{}}""", FhirParseIssueCode.EmptyObject);

        AssertIssue(issue, "FPA1013", "Patient.maritalStatus", "invalid");
    }

    [Fact]
    public void EmptyArray_IsInvalid()
    {
        var issue = Single("""{"resourceType":"Patient","name":[]}""", FhirParseIssueCode.EmptyArray);

        AssertIssue(issue, "FPA1014", "Patient.name", "invalid");
    }

    [Fact]
    public void EmptyString_IsInvalid()
    {
        var issue = Single("""{"resourceType":"Patient","name":[{"family":""}]}""", FhirParseIssueCode.EmptyString);

        AssertIssue(issue, "FPA1015", "Patient.name[0].family", "invalid");
    }

    [Theory]
    [InlineData("\"gender\":null", "Patient.gender")]
    [InlineData("\"name\":[null]", "Patient.name[0]")]
    [InlineData("\"name\":[{\"given\":[\"a\",null]}]", "Patient.name[0].given[1]")]
    [InlineData("\"name\":[{\"given\":[\"a\",null],\"_given\":[null,null]}]", "Patient.name[0].given[1]")]
    public void NullOutsideAlignedPrimitiveArrays_IsInvalid(string member, string expression)
    {
        var issue = Single("{\"resourceType\":\"Patient\"," + member + "}", FhirParseIssueCode.NullValue);

        AssertIssue(issue, "FPA1016", expression, "invalid");
    }

    [Theory]
    [InlineData("\"gender\":\"male\",\"_gender\":\"x\"", "Patient._gender")]
    [InlineData("\"gender\":\"male\",\"_gender\":[{\"id\":\"a\"}]", "Patient._gender")]
    [InlineData("\"name\":[{\"given\":[\"a\",\"b\"],\"_given\":[{\"id\":\"a\"}]}]", "Patient.name[0]._given")]
    [InlineData("\"name\":[{\"given\":[\"a\"],\"_given\":[\"x\"]}]", "Patient.name[0]._given[0]")]
    public void MalformedUnderscoreSibling_IsStructure(string member, string expression)
    {
        var issue = Single("{\"resourceType\":\"Patient\"," + member + "}", FhirParseIssueCode.MalformedPrimitiveExtension);

        AssertIssue(issue, "FPA1017", expression, "structure");
    }

    [Fact]
    public void UnderscoreSiblingOfANonPrimitive_IsUnknown()
    {
        var issue = Single("""{"resourceType":"Patient","_name":{"id":"x"}}""", FhirParseIssueCode.UnknownProperty);

        Assert.Equal("Patient._name", issue.Expression);
    }

    [Fact]
    public void Issues_AreAllCollectedInOnePass()
    {
        var result = FhirJsonParser.Parse("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Patient","birthDate":"2000-1-1","bogus":1}},
              {"resource":{"resourceType":"Observation","status":"final","code":{},"valueString":""}},
              {"resource":{"id":"x"}}]}
            """);

        Assert.Equal(
        [
            ("FPA1011", "Bundle.entry[0].resource.birthDate"),
            ("FPA1007", "Bundle.entry[0].resource.bogus"),
            ("FPA1013", "Bundle.entry[1].resource.code"),
            ("FPA1015", "Bundle.entry[1].resource.value.ofType(string)"),
            ("FPA1005", "Bundle.entry[2].resource"),
        ], result.Issues.Select(i => (i.Id, i.Expression)));
        Assert.NotNull(result.Resource);
    }

    [Fact]
    public async Task Parse_AcceptsStreamsAndBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"resourceType":"Patient","active":true}""");

        Assert.True(FhirJsonParser.Parse(bytes).IsValid);
        Assert.True(FhirJsonParser.Parse(new MemoryStream(bytes)).IsValid);
        Assert.True((await FhirJsonParser.ParseAsync(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken)).IsValid);
        Assert.False(FhirJsonParser.Parse(new MemoryStream([0xFF, 0xFE])).IsValid);
        Assert.True(FhirJsonParser.Parse([0xEF, 0xBB, 0xBF, .. bytes]).IsValid); // a UTF-8 byte order mark is skipped
    }

    [Fact]
    public void Catalog_HasOneRowPerCodeWithAnOutcomeIssueType()
    {
        string[] types = ["structure", "invalid", "value", "required", "too-long", "not-supported"];

        Assert.Equal(Enum.GetValues<FhirParseIssueCode>().Length, FhirParseIssueCatalog.All.Count);
        Assert.All(FhirParseIssueCatalog.All, d => Assert.Contains(d.IssueType, types));
        Assert.Equal(FhirParseIssueCatalog.All.Count, FhirParseIssueCatalog.All.Select(d => d.Id).Distinct().Count());
    }
}

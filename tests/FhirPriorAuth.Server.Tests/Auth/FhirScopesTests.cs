using FhirPriorAuth.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace FhirPriorAuth.Server.Tests.Auth;

public sealed class FhirScopesTests
{
    [Theory]
    [InlineData("POST", "/fhir/Claim/$submit", "system/Claim.c")]
    [InlineData("POST", "/fhir/Claim/$inquire", "system/Claim.r")]
    [InlineData("GET", "/fhir/ClaimResponse/abc", "system/ClaimResponse.r")]
    [InlineData("GET", "/fhir/ClaimResponse", "system/ClaimResponse.s")]
    [InlineData("POST", "/fhir/Subscription", "system/Subscription.c")]
    [InlineData("PUT", "/fhir/Subscription/s1", "system/Subscription.u")]
    [InlineData("DELETE", "/fhir/Subscription/s1", "system/Subscription.d")]
    [InlineData("GET", "/fhir/Subscription/s1", "system/Subscription.r")]
    [InlineData("POST", "/fhir/$questionnaire-package", "system/Questionnaire.r")]
    [InlineData("POST", "/fhir/Questionnaire/$questionnaire-package", "system/Questionnaire.r")]
    [InlineData("GET", "/fhir/ValueSet/$expand", "system/ValueSet.r")]
    [InlineData("GET", "/fhir/ValueSet/vs1/$expand", "system/ValueSet.r")]
    [InlineData("GET", "/fhir/Library", "system/Library.s")]
    [InlineData("POST", "/fhir/$some-new-operation", "system/*.c")]
    public void Given_AFhirInteraction_When_Looked_Up_Then_ItNeedsTheDocumentedScope(string method, string path, string scope) =>
        Assert.Equal(scope, FhirScopes.Required(method, new PathString(path))?.ToString());

    [Theory]
    [InlineData("/fhir/$validate")]
    [InlineData("/fhir/Patient/$validate")]
    public void Given_Validate_When_Looked_Up_Then_AnyValidTokenWillDo(string path) =>
        Assert.Null(FhirScopes.Required("POST", new PathString(path)));

    [Theory]
    [InlineData("system/*.*", "system/Claim.c", true)]
    [InlineData("system/*.rs", "system/Questionnaire.r", true)]
    [InlineData("system/*.rs", "system/Claim.c", false)]
    [InlineData("system/Claim.read", "system/Claim.r", true)]
    [InlineData("system/Claim.write", "system/Claim.c", true)]
    [InlineData("system/Claim.*", "system/Claim.d", true)]
    [InlineData("system/Claim.r", "system/Claim.c", false)]
    [InlineData("system/ClaimResponse.r", "system/Claim.r", false)]
    [InlineData("patient/Claim.c", "system/Claim.c", false)]
    [InlineData("system/Claim.rc", "system/Claim.c", false)]
    public void Given_AGrantedScope_When_Checked_Then_ItCoversOnlyWhatItSays(string granted, string required, bool allowed) =>
        Assert.Equal(allowed, FhirScopes.Allows([granted], SmartScope.TryParse(required)));
}

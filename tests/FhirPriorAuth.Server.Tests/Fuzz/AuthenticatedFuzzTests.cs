using System.Net.Http.Headers;
using FhirPriorAuth.Server.Tests.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.EndToEnd;

namespace FhirPriorAuth.Server.Tests.Fuzz;

/// <summary>
/// The fuzz pass again, smaller, with authentication on as in production: every request carries valid credentials
/// (a SMART access token granting every scope, Task by name as review requires, obtained from <c>/auth/token</c>; a fresh signed client JWT for the
/// path on CDS Hooks calls and feedback), so the mutated bodies reach the handlers behind the authentication checks
/// rather than a 401. Same assertions: no 5xx, an OperationOutcome on every 4xx. <c>FPA_FUZZ_AUTH_INPUTS</c> sets
/// the count (default 1,000); the seed is the main pass's (<c>FPA_FUZZ_SEED</c>).
/// </summary>
public sealed class AuthenticatedFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 1_000;

    [Fact]
    public async Task Given_ValidCredentialsOnEveryRequest_When_MutatedRequestsReachEveryEndpoint_Then_No5xxAndAlwaysAnOutcome()
    {
        using var system = new SmartSystem("fuzz-everything", "system/*.cruds system/Task.rus");
        using var ehr = new TestEhr();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["CdsHooks:TrustedClients:0:Issuer"] = TestEhr.Issuer,
            ["CdsHooks:TrustedClients:0:Jwks"] = ehr.Jwks,
        };
        foreach (var (key, value) in system.Registration(0))
            settings[key] = value;
        await using var server = EndpointFuzzTests.Server(settings);
        var accessToken = await system.TokenAsync(server.CreateClient());
        var inputs = EndpointFuzzTests.Setting("FPA_FUZZ_AUTH_INPUTS", DefaultInputs);

        var statuses = await EndpointFuzzTests.RunAsync(server, inputs, EndpointFuzzTests.Setting("FPA_FUZZ_SEED", EndpointFuzzTests.DefaultSeed),
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                request.RequestUri!.OriginalString.StartsWith("/cds-services/", StringComparison.Ordinal)
                    // A CDS client's JWT names the URL it is sent to and is used once.
                    ? ehr.Sign("ES384", TestEhr.Claims(DateTimeOffset.UtcNow, "http://localhost" + request.RequestUri.OriginalString))
                    : accessToken),
            output);

        // The credentials worked: the bodies reached the handlers instead of being refused for want of credentials or scopes.
        Assert.True(statuses.GetValueOrDefault(401) + statuses.GetValueOrDefault(403) < inputs / 50,
            "too many inputs were refused as unauthenticated or unauthorized: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using FhirPriorAuth.Server.Auth.Jose;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

/// <summary>
/// <c>POST /auth/token</c> facing a hostile client: a client_id naming someone else, a forged Host, oversized or
/// malformed forms, and assertions whose JSON is not well-formed text. Every one is an OAuth error, never a 500.
/// </summary>
public sealed class TokenRequestHardeningTests : IDisposable
{
    private readonly TestClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_id_that_differs_from_the_assertions_issuer_is_refused_and_the_same_one_is_accepted()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();

        var other = await http.PostAsync("/auth/token", Form(_client.Sign("ES384"), ("client_id", "another-client")), Ct);
        var same = await http.PostAsync("/auth/token", Form(_client.Sign("ES384"), ("client_id", TestClient.Id)), Ct);

        Assert.Equal("invalid_client", await SmartRequests.Error(other, HttpStatusCode.Unauthorized));
        await SmartRequests.Token(same);
    }

    [Fact]
    public async Task An_assertion_minted_for_another_server_sent_with_a_forged_Host_gets_no_token()
    {
        await using var server = SmartRequests.Server(_client);
        var claims = TestClient.Claims();
        claims["aud"] = "http://evil.example/auth/token";
        // The in-process host takes the Host header from the request URI.
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://evil.example/auth/token") { Content = Form(_client.Sign("ES384", claims)) };

        var response = await server.CreateClient().SendAsync(request, Ct);

        Assert.Equal("invalid_client", await SmartRequests.Error(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_token_issued_on_loopback_stays_valid_whatever_the_Host_header_says()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();
        var token = (await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("ES384")))).GetProperty("access_token").GetString();
        using var request = FhirRequests.Post("http://evil.example/fhir/$validate", SmartRequests.ValidBody);
        request.Headers.Authorization = new("Bearer", token);

        // The token names http://localhost as issuer and audience; a forged Host changes neither what it names nor what is expected.
        await FhirAssert.OperationOutcome(await http.SendAsync(request, Ct), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_form_of_1025_fields_is_invalid_request_not_a_server_error()
    {
        await using var server = SmartRequests.Server(_client);
        var fields = Enumerable.Range(0, 1025).Select(i => ("f" + i, "x")).ToArray();

        var response = await server.CreateClient().PostAsync("/auth/token", Form(_client.Sign("ES384"), fields), Ct);

        Assert.Equal("invalid_request", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_NUL_in_a_form_value_is_invalid_request()
    {
        await using var server = SmartRequests.Server(_client);

        var response = await server.CreateClient().PostAsync("/auth/token", Form(_client.Sign("ES384"), ("scope", "system/Claim.c\0")), Ct);

        Assert.Equal("invalid_request", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_parameter_sent_twice_is_invalid_request()
    {
        await using var server = SmartRequests.Server(_client);

        var response = await server.CreateClient().PostAsync("/auth/token", Twice(_client.Sign("ES384"), "grant_type", "client_credentials"), Ct);

        Assert.Equal("invalid_request", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_invalid_request()
    {
        await using var server = SmartRequests.Server(_client);

        var response = await server.CreateClient().PostAsync("/auth/token", Form(_client.Sign("ES384"), ("padding", new string('x', 70_000))), Ct);

        Assert.Equal("invalid_request", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("claims", "utf8")]
    [InlineData("header", "utf8")]
    [InlineData("claims", "lone-surrogate")]
    [InlineData("header", "lone-surrogate")]
    public async Task Invalid_UTF8_or_a_lone_surrogate_in_an_assertions_claims_or_header_is_invalid_client(string part, string flaw)
    {
        await using var server = SmartRequests.Server(_client);
        // The flawed text is the issuer (claims) or the key id (header): the first strings the endpoint reads.
        byte[] flawed = [(byte)'"', .. (flaw == "utf8" ? new byte[] { 0xC3, 0x28, 0xFF } : "\\ud800"u8.ToArray()), (byte)'"'];
        byte[] header = part == "header"
            ? [.. """{"alg":"ES384","typ":"JWT","kid":"""u8, .. flawed, (byte)'}']
            : """{"alg":"ES384","typ":"JWT","kid":"ec-1"}"""u8.ToArray();
        byte[] claims = part == "claims"
            ? [.. """{"sub":"test-provider","aud":"x","iss":"""u8, .. flawed, (byte)'}']
            : """{"iss":"test-provider","sub":"test-provider","aud":"x"}"""u8.ToArray();
        var assertion = CompactJws.Encode(header) + "." + CompactJws.Encode(claims) + "." + CompactJws.Encode(new byte[] { 1 });

        var response = await server.CreateClient().PostAsync("/auth/token", Form(assertion), Ct);

        Assert.Equal("invalid_client", await SmartRequests.Error(response, HttpStatusCode.Unauthorized));
    }

    [Theory]
    [InlineData("claims")]
    [InlineData("header")]
    public async Task Duplicate_JSON_keys_in_a_signed_assertions_claims_or_header_are_invalid_client(string part)
    {
        await using var server = SmartRequests.Server(_client);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jti = Guid.NewGuid().ToString("N");
        // Both copies say the same: today's reader accepts the assertion; which of two differing copies counts would be a guess.
        var header = part == "header"
            ? """{"alg":"ES384","alg":"ES384","typ":"JWT","kid":"ec-1"}"""
            : """{"alg":"ES384","typ":"JWT","kid":"ec-1"}""";
        var claims = $$"""{"iss":"{{TestClient.Id}}","sub":"{{TestClient.Id}}","aud":"{{TestClient.TokenEndpoint}}","exp":{{now + 240}},"jti":"{{jti}}"{{(part == "claims" ? $",\"jti\":\"{jti}\"" : "")}}}""";

        var response = await server.CreateClient().PostAsync("/auth/token", Form(SignRaw(header, claims)), Ct);

        Assert.Equal("invalid_client", await SmartRequests.Error(response, HttpStatusCode.Unauthorized));
    }

    private string SignRaw(string header, string claims)
    {
        var input = CompactJws.Encode(Encoding.UTF8.GetBytes(header)) + "." + CompactJws.Encode(Encoding.UTF8.GetBytes(claims));
        var signature = _client.Ec.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + CompactJws.Encode(signature);
    }

    /// <summary>A token request form; an extra field of the same name as a standard one replaces it.</summary>
    private static FormUrlEncodedContent Form(string assertion, params (string Name, string Value)[] extra)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("grant_type", "client_credentials"), ("client_assertion_type", SmartRequests.AssertionType),
            ("client_assertion", assertion), ("scope", "system/Claim.c"),
        };
        fields.RemoveAll(f => extra.Any(e => e.Name == f.Name));
        return new(fields.Concat(extra).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
    }

    private static FormUrlEncodedContent Twice(string assertion, string name, string value) =>
        new(new KeyValuePair<string, string>[]
        {
            new("grant_type", "client_credentials"), new("client_assertion_type", SmartRequests.AssertionType),
            new("client_assertion", assertion), new("scope", "system/Claim.c"), new(name, value),
        });

    public void Dispose() => _client.Dispose();
}

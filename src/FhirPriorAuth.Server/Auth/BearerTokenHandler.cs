using System.Text.Encodings.Web;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer</c> and asks the registered <see cref="IAccessTokenValidator"/>. Refusals are
/// OperationOutcomes with <c>WWW-Authenticate</c> (RFC 6750), like every other FHIR error.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length)
            return AuthenticateResult.Fail("The Authorization header is not a bearer token");

        var validator = Context.RequestServices.GetService<IAccessTokenValidator>();
        if (validator is null)
            return AuthenticateResult.Fail("No access token validator is configured");

        var principal = await validator.ValidateAsync(header[Prefix.Length..].Trim(), Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The access token was not accepted")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        return FhirResults.WriteOutcomeAsync(Context, StatusCodes.Status401Unauthorized,
        [
            OutcomeIssue.Error(IssueTypes.Login, presented
                ? "The access token was not accepted"
                : "This FHIR endpoint requires an access token: send Authorization: Bearer <token>"),
        ]);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var required = FhirScopes.Required(Context);
        var scope = required is null ? "" : $", scope=\"{required}\"";
        Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\"{scope}";
        return FhirResults.WriteOutcomeAsync(Context, StatusCodes.Status403Forbidden,
            [OutcomeIssue.Error(IssueTypes.Forbidden, $"The access token does not allow this request{(required is null ? "" : $"; it needs scope {required}")}")]);
    }
}

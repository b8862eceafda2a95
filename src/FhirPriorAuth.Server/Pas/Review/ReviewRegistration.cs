using System.Net;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>Review tasks for pended requests and the reviewer API under <c>/review</c> (outside the FHIR base).</summary>
public static class ReviewRegistration
{
    public const string ReviewerPolicy = "Reviewer";
    public const string Base = "/review";

    public static IServiceCollection AddPasReview(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReviewTasks>();
        services.AddSingleton<IAuthorizationHandler, ReviewerRequirement>();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((authorization, auth) =>
            authorization.AddPolicy(ReviewerPolicy, auth.Value.Enabled
                // Bearer tokens (system/Task.*) or a reviewer's signed-in session from /reviewer/ (ReviewerUi).
                ? policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName, ReviewerUi.ReviewerUiRegistration.CookieScheme).RequireAuthenticatedUser()
                    .AddRequirements(new ReviewerRequirement())
                : policy => policy.RequireAssertion(ArrivedOnLoopback)));
        return services;
    }

    public static IEndpointRouteBuilder MapPasReview(this IEndpointRouteBuilder endpoints)
    {
        var review = endpoints.MapGroup(Base).RequireAuthorization(ReviewerPolicy);
        review.MapGet("tasks", ReviewWorkList.ListAsync);
        review.MapGet("tasks/{id}", ReviewEndpoints.GetAsync).AddEndpointFilter(new AuditFilter(AuditOperations.ReviewRead));
        review.MapPost("tasks/{id}/decision", ReviewEndpoints.DecideAsync).AddEndpointFilter(new AuditFilter(AuditOperations.ReviewDecision));
        return endpoints;
    }

    // As for /fhir with auth off (AuthRegistration): only requests that arrived on loopback; the in-process test host has no socket.
    private static bool ArrivedOnLoopback(AuthorizationHandlerContext context) =>
        context.Resource is not HttpContext http
        || http.Connection.LocalIpAddress is not { } local
        || IPAddress.IsLoopback(local);
}

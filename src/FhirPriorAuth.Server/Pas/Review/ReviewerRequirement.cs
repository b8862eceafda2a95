using FhirPriorAuth.Server.Auth;
using Microsoft.AspNetCore.Authorization;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// Review needs a scope granted for Task by name: <c>system/Task.rs</c> to read the work list and tasks,
/// <c>system/Task.u</c> to decide (<c>system/Task.rus</c> or <c>system/Task.*</c> for both). A wildcard (<c>system/*.*</c>) does not make a client
/// a reviewer: submitting systems hold such scopes, and a submitter must never decide its own request.
/// </summary>
internal sealed class ReviewerRequirement : AuthorizationHandler<ReviewerRequirement>, IAuthorizationRequirement
{
    private static readonly SmartScope Decide = new(ReviewTask.ResourceType, "u");

    /// <summary>
    /// True when the caller may decide review tasks: a scope covering <c>system/Task.u</c>, or anyone who reached
    /// <c>/review</c> with auth off (loopback only). A read-only client (an auditor) reads without taking a task.
    /// </summary>
    public static bool MayDecide(HttpContext http, bool authEnabled) =>
        !authEnabled || http.User.FindAll(AccessTokens.ScopeClaim).SelectMany(c => SmartScope.ParseList(c.Value))
            .Any(g => g.ResourceType == ReviewTask.ResourceType && g.Covers(Decide));

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReviewerRequirement requirement)
    {
        if (context.Resource is HttpContext http && FhirScopes.Required(http) is { } required)
        {
            var granted = context.User.FindAll(AccessTokens.ScopeClaim)
                .SelectMany(c => SmartScope.ParseList(c.Value));
            if (granted.Any(g => g.ResourceType == ReviewTask.ResourceType && g.Covers(required)))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

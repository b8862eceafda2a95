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

using Microsoft.AspNetCore.Authorization;

namespace FhirPriorAuth.Server.Auth;

/// <summary>The authenticated client's granted scopes must cover what <see cref="FhirScopes"/> says the request needs.</summary>
public sealed class FhirScopeRequirement : AuthorizationHandler<FhirScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FhirScopeRequirement requirement)
    {
        if (context.Resource is HttpContext http)
        {
            var granted = context.User.FindAll(AccessTokens.ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (FhirScopes.Allows(granted, FhirScopes.Required(http)))
                context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

using System.Text.RegularExpressions;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Route ids are checked before any endpoint sees them: an <c>{id}</c> that is not a FHIR id (R4: 1-64 of
/// <c>A-Z a-z 0-9 - .</c>) names nothing this server can hold, so it is a 404 with an OperationOutcome, never a value
/// that reaches storage (which refuses it with an exception) or the logs.
/// </summary>
public static partial class RouteIdChecks
{
    public const string IdParameter = "id";

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex FhirId();

    public static bool IsFhirId(string? id) => id is not null && FhirId().IsMatch(id);

    /// <summary>Goes after routing and authentication, so a caller without access still gets 401/403 first.</summary>
    public static WebApplication UseRouteIdChecks(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint endpoint && endpoint.RoutePattern.GetParameter(IdParameter) is not null
                && endpoint.Metadata.GetMetadata<AnyRouteId>() is null
                && !IsFhirId(context.Request.RouteValues[IdParameter] as string))
            {
                await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status404NotFound,
                    [OutcomeIssue.Error(IssueTypes.NotFound, "Nothing has this id here: an id is 1 to 64 letters, digits, '-' and '.'")]);
                return;
            }
            await next(context);
        });
        return app;
    }
}

/// <summary>Endpoint metadata: this endpoint answers unknown ids itself (an HTML page), so the id check leaves it alone.</summary>
public sealed class AnyRouteId;

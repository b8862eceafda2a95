namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Every FHIR address the server answers, relative to <see cref="Base"/>, kept in one place so
/// routes, capability entries and tests cannot drift apart.
/// </summary>
public static class FhirRoutes
{
    public const string Base = "/fhir";

    public const string Metadata = "metadata";

    public const string ValidateOperation = "$validate";

    public const string SystemValidate = ValidateOperation;

    public const string TypeValidate = "{type}/" + ValidateOperation;

    /// <summary>True for requests addressed to the FHIR API (used by the error plumbing, which sits outside routing).</summary>
    public static bool IsFhirRequest(HttpRequest request) => request.Path.StartsWithSegments(Base, StringComparison.Ordinal);
}

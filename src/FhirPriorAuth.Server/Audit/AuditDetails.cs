using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.Pas;

namespace FhirPriorAuth.Server.Audit;

/// <summary>
/// What an endpoint tells the audit record about the request it is handling, kept on the request (HttpContext
/// features) until <see cref="AuditFilter"/> writes the record.
/// </summary>
public sealed class AuditDetails
{
    private readonly List<AuditedIdentifier> _identifiers = [];

    /// <summary>Overrides the operation the endpoint was registered with ($submit carrying an update or cancellation).</summary>
    public string? Operation { get; set; }

    public string? ReviewerNpi { get; set; }

    public IReadOnlyList<AuditedIdentifier> Identifiers => _identifiers;

    public static AuditDetails Of(HttpContext context)
    {
        var details = context.Features.Get<AuditDetails>();
        if (details is null)
        {
            details = new AuditDetails();
            context.Features.Set(details);
        }
        return details;
    }

    public AuditDetails Identifier(string resourceType, string? system, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !_identifiers.Contains(new(resourceType, system, value)))
            _identifiers.Add(new(resourceType, system, value));
        return this;
    }

    /// <summary>A $submit: a new request, an update, or a cancellation, by the Claim's identifier.</summary>
    internal AuditDetails Submission(Bundle request, SubmissionKeys keys)
    {
        var claim = request.Entries.First().Resource!;
        Operation = ClaimUpdate.CancelsWholeRequest(claim) ? AuditOperations.Cancel
            : ClaimUpdate.Prior(claim) is not null ? AuditOperations.Update
            : AuditOperations.Submit;
        return Identifier("Claim", keys.Identifier.System, keys.Identifier.Value);
    }

    public AuditDetails AuthorizationNumber(string? number) =>
        Identifier("ClaimResponse", PasCodes.AuthorizationNumberSystem, number);
}

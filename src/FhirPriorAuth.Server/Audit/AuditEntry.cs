namespace FhirPriorAuth.Server.Audit;

/// <summary>The operations the audit trail names (AuditEvent.subtype, search token <c>audit-kind</c>).</summary>
public static class AuditOperations
{
    public const string Submit = "submit";
    public const string Update = "update";
    public const string Cancel = "cancel";
    public const string Inquire = "inquire";
    public const string ReviewRead = "review-read";
    public const string ReviewDecision = "review-decision";
}

/// <summary>A business identifier an audited request concerned (the authorization number, the Claim's identifier).</summary>
public sealed record AuditedIdentifier(string ResourceType, string? System, string Value);

/// <summary>
/// One audit record: who (the authenticated client, and the reviewer's NPI when a person decided), what operation,
/// about which identifiers, how it ended (the HTTP status), and when. It never holds clinical content: no codes, notes,
/// names or resource bodies.
/// </summary>
public sealed record AuditEntry(
    string Operation,
    string Client,
    string? ReviewerNpi,
    IReadOnlyList<AuditedIdentifier> Identifiers,
    int StatusCode,
    DateTimeOffset At);

namespace FhirPriorAuth.Server.ReviewerUi;

/// <summary>Configuration section <c>ReviewerUi</c>: how reviewers (people) sign in to <c>/reviewer/</c>.</summary>
public sealed class ReviewerUiOptions
{
    public const string Section = "ReviewerUi";

    /// <summary>The payer's OpenID Connect provider (its issuer URL). Unset: the reviewer page has no sign-in.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>Only for a confidential client; a public client signs in with PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Whether the provider's metadata must be fetched over https (off only for local testing).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim holding the reviewer's roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Roles that may decide (<c>system/Task.rus</c>): nurse reviewers and medical directors.</summary>
    public List<string> DecideRoles { get; set; } = ["medical-director", "nurse-reviewer"];

    /// <summary>Roles that may only read the queue and tasks (<c>system/Task.rs</c>), e.g. auditors.</summary>
    public List<string> ReadRoles { get; set; } = ["review-auditor"];
}

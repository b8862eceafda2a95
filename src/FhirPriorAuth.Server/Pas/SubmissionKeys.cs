using System.Security.Cryptography;
using System.Text;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// What a submission is found by later: the Claim's identifier, the sender (the provider), the patient's member ids,
/// the authorization number, and a hash of the content, which tells a resubmission from a new request that reuses
/// an identifier. The submitter is the authenticated system (SMART client id) that sent it: the answers are its own,
/// so every later lookup (resend, update, cancellation, $inquire, notifications) is narrowed by <see cref="OwnedBy"/>,
/// and another client's request reads as never received.
/// </summary>
internal sealed record SubmissionKeys(SearchToken Identifier, SearchToken Sender, SearchToken? MemberId, SearchToken ContentHash, SearchToken Submitter)
{
    // Stored as Bundles: the raw request as received, and the response as answered.
    public const string RequestType = "Bundle";
    public const string ResponseType = "Bundle";
    public static readonly SearchToken RequestKind = new("pas-kind", null, "submit-request");
    public static readonly SearchToken ResponseKind = new("pas-kind", null, "submit-response");

    /// <summary>Unauthenticated (auth disabled on loopback) submissions are filed under this submitter.</summary>
    public const string AnonymousSubmitter = "anonymous";

    public static SubmissionKeys Of(Bundle request, string? submitter)
    {
        var claimEntry = request.Entries.First();
        var claim = claimEntry.Resource!;
        var identifier = (claim["identifier"] as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault() ?? request.Json["identifier"];
        var identifierToken = new SearchToken("identifier", (string?)identifier?["system"] ?? "", (string?)identifier?["value"] ?? "");

        var providerReference = (string?)claim["provider"]?["reference"];
        var provider = providerReference is null ? null : request.Resolve(providerReference, claimEntry.FullUrl);
        var providerId = (provider?["identifier"] as System.Text.Json.Nodes.JsonArray)?.FirstOrDefault();
        var sender = providerId is not null
            ? new SearchToken("sender", (string?)providerId["system"] ?? "", (string?)providerId["value"] ?? "")
            : new SearchToken("sender", "", providerReference ?? "");

        var memberIds = MemberKey.Of(request).Select(MemberKey.Token).ToList();

        // The entries are the content; the Bundle's own timestamp changes on every send of the same request.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Json["entry"]!.ToJsonString())));
        return new(identifierToken, sender, memberIds.FirstOrDefault(), new SearchToken("content-hash", null, hash),
            new SearchToken("submitter", null, string.IsNullOrEmpty(submitter) ? AnonymousSubmitter : submitter))
        { MemberIds = memberIds };
    }

    /// <summary>Every member id of the patient (<see cref="MemberKey"/>), stored so an inquiry naming any first finds it.</summary>
    public IReadOnlyList<SearchToken> MemberIds { get; init; } = [];

    /// <summary>This submitter's earlier answer to the same content: another client's identical request is a new one.</summary>
    public IReadOnlyCollection<TokenCriterion> Resubmission() =>
        [.. new[] { ResponseKind, Identifier, Sender, ContentHash, Submitter }.Select(t => t.AsCriterion())];

    /// <summary>
    /// The criterion that keeps a lookup to the submitter's own stored requests and answers. Kept apart from the
    /// member and sender keys: it is about who asks, they are about what is asked.
    /// </summary>
    public TokenCriterion OwnedBy() => Submitter.AsCriterion();

    /// <summary>The stored request's tokens; with the authorization number it was answered under, so an update can find it.</summary>
    public IReadOnlyCollection<SearchToken> Request(string? authorizationNumber = null) =>
        authorizationNumber is null ? Tokens(RequestKind) : [.. Tokens(RequestKind), AuthorizationNumber(authorizationNumber)];

    /// <summary>The stored requests answered under <paramref name="authorizationNumber"/> from this sender and submitter.</summary>
    public IReadOnlyCollection<TokenCriterion> RequestsOf(string authorizationNumber) =>
        [.. new[] { RequestKind, Sender, AuthorizationNumber(authorizationNumber), Submitter }.Select(t => t.AsCriterion())];

    public IReadOnlyCollection<SearchToken> Response(string authorizationNumber) =>
        [.. Tokens(ResponseKind), AuthorizationNumber(authorizationNumber)];

    /// <summary>
    /// The stored answers or requests (<paramref name="kind"/>) under an authorization number for a member id, matched as
    /// $inquire matches the patient: by a member id the request carried (<see cref="MemberKey"/>).
    /// </summary>
    public static IReadOnlyCollection<TokenCriterion> OfMember(SearchToken kind, string authorizationNumber, string memberId) =>
        [kind.AsCriterion(), Member(memberId).AsCriterion(), AuthorizationNumber(authorizationNumber).AsCriterion()];

    private static SearchToken Member(string memberId) => MemberKey.Token(memberId);

    private static SearchToken AuthorizationNumber(string number) => new("authorization-number", PasCodes.AuthorizationNumberSystem, number);

    private List<SearchToken> Tokens(SearchToken kind)
    {
        var tokens = new List<SearchToken> { kind, Identifier, Sender, ContentHash, Submitter };
        tokens.AddRange(MemberIds);
        return tokens;
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>What the server needs from a Subscription to deliver its notifications.</summary>
/// <param name="Headers">channel.header lines split at the first colon; their values may be secrets (never logged).</param>
/// <param name="Timeout">The subscriber's backport-timeout, when it set one.</param>
/// <param name="HeartbeatPeriod">backport-heartbeat-period: send a heartbeat when nothing else was sent for this long.</param>
internal sealed record SubscriptionChannel(
    Uri Endpoint,
    string ContentType,
    string Content,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    TimeSpan? Timeout,
    TimeSpan? HeartbeatPeriod,
    IReadOnlyList<string> FilterValues);

/// <summary>
/// Checks a Subscription a client sends (create or update) against what this server supports: the PAS topic,
/// the rest-hook channel with an http(s) endpoint, a JSON payload with a known content, well-formed headers.
/// All problems are reported together, each at its FHIRPath location: 400 for malformed or missing parts,
/// 422 for well-formed choices the server does not support.
/// </summary>
internal static partial class SubscriptionRequest
{
    private const string Criteria = "Subscription.criteria";
    private static readonly string[] JsonPayloads = ["application/fhir+json", "application/json"];

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();

    // Headers the HTTP client sets itself, or that would change how the request is framed.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Host", "Transfer-Encoding", "Connection", "Expect", "Upgrade", "TE", "Trailer",
    };

    /// <summary>
    /// The channel, or a <see cref="FhirRequestException"/> with every problem. With <paramref name="idOnly"/> (the 2.0.1
    /// base) the payload content becomes id-only whatever was asked, and the resource is changed to say so.
    /// </summary>
    public static SubscriptionChannel Check(JsonObject subscription, bool idOnly, SubscriptionOptions options)
    {
        var malformed = new List<OutcomeIssue>();
        var unsupported = new List<OutcomeIssue>();
        if ((string?)subscription["resourceType"] != "Subscription")
            throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Invalid, "The body must be a Subscription", "resourceType"));

        var criteria = subscription["criteria"] as JsonValue;
        if (criteria is null)
            malformed.Add(OutcomeIssue.Error(IssueTypes.Required, "criteria must be the PAS topic canonical", Criteria));
        else if ((string?)criteria != SubscriptionCodes.PasTopic)
            unsupported.Add(OutcomeIssue.Error(IssueTypes.NotSupported, $"The only topic here is {SubscriptionCodes.PasTopic}", Criteria));
        var filters = FilterValues(subscription, malformed, unsupported);

        var channel = subscription["channel"] as JsonObject;
        if (channel is null)
        {
            malformed.Add(OutcomeIssue.Error(IssueTypes.Required, "channel is required", "Subscription.channel"));
            throw Refusal(malformed, unsupported);
        }
        var type = (string?)(channel["type"] as JsonValue);
        if (type is null)
            malformed.Add(OutcomeIssue.Error(IssueTypes.Required, "channel.type is required (rest-hook)", "Subscription.channel.type"));
        else if (type != SubscriptionCodes.RestHook)
            unsupported.Add(OutcomeIssue.Error(IssueTypes.NotSupported, "Only the rest-hook channel is supported (PAS)", "Subscription.channel.type"));

        var endpoint = Endpoint(channel, options, malformed, unsupported);
        var contentType = (string?)(channel["payload"] as JsonValue);
        if (contentType is not null && !JsonPayloads.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            unsupported.Add(OutcomeIssue.Error(IssueTypes.NotSupported, "channel.payload must be application/fhir+json or application/json", "Subscription.channel.payload"));
        var content = Content(channel, contentType, idOnly, malformed, unsupported);
        var headers = Headers(channel, malformed);
        var timeout = Seconds(channel, SubscriptionCodes.Timeout, "valueUnsignedInt", malformed);
        var heartbeat = Seconds(channel, SubscriptionCodes.HeartbeatPeriod, "valueUnsignedInt", malformed);

        if (malformed.Count > 0 || unsupported.Count > 0)
            throw Refusal(malformed, unsupported);
        return new SubscriptionChannel(endpoint!, contentType ?? "application/fhir+json", content, headers,
            timeout is > 0 ? TimeSpan.FromSeconds(timeout.Value) : null, heartbeat is > 0 ? TimeSpan.FromSeconds(heartbeat.Value) : null, filters);
    }

    private static FhirRequestException Refusal(List<OutcomeIssue> malformed, List<OutcomeIssue> unsupported) =>
        new(malformed.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity, [.. malformed, .. unsupported]);

    /// <summary>The filter values of a stored (already checked) Subscription.</summary>
    public static IReadOnlyList<string> FilterValuesOf(JsonObject subscription) => FilterValues(subscription, [], []);

    // Subscription._criteria.extension(backport-filter-criteria).valueString: "org-identifier=N123456,4543315".
    private static List<string> FilterValues(JsonObject subscription, List<OutcomeIssue> malformed, List<OutcomeIssue> unsupported)
    {
        var values = new List<string>();
        var expression = $"Subscription.criteria.extension.where(url='{SubscriptionCodes.FilterCriteria}').value";
        foreach (var filter in Extensions(subscription["_criteria"], SubscriptionCodes.FilterCriteria))
        {
            var text = (string?)(filter["valueString"] as JsonValue);
            var equals = text?.IndexOf('=') ?? -1;
            if (text is null || equals <= 0 || equals == text.Length - 1)
            {
                malformed.Add(OutcomeIssue.Error(IssueTypes.Invalid, "A filter criterion is written name=value (e.g. org-identifier=N123456)", expression));
                continue;
            }
            // A FHIR search modifier (:eq, :exact) may follow the name; the values compare exactly either way.
            var name = text[..equals].Split(':')[0];
            if (!SubscriptionCodes.FilterParameters.Contains(name))
            {
                unsupported.Add(OutcomeIssue.Error(IssueTypes.NotSupported, "The PAS topic is filtered by org-identifier only", expression));
                continue;
            }
            values.AddRange(text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return values;
    }

    private static Uri? Endpoint(JsonObject channel, SubscriptionOptions options, List<OutcomeIssue> malformed, List<OutcomeIssue> unsupported)
    {
        const string expression = "Subscription.channel.endpoint";
        var text = (string?)(channel["endpoint"] as JsonValue);
        if (string.IsNullOrWhiteSpace(text))
        {
            malformed.Add(OutcomeIssue.Error(IssueTypes.Required, "channel.endpoint is required for rest-hook", expression));
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            malformed.Add(OutcomeIssue.Error(IssueTypes.Value, "channel.endpoint must be an absolute http(s) URL without credentials or fragment", expression));
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !options.AllowInsecureEndpoints)
        {
            unsupported.Add(OutcomeIssue.Error(IssueTypes.Value, "Notifications carry health information: channel.endpoint must use https", expression));
            return null;
        }
        return uri;
    }

    private static string Content(JsonObject channel, string? contentType, bool idOnly, List<OutcomeIssue> malformed, List<OutcomeIssue> unsupported)
    {
        var expression = $"Subscription.channel.payload.extension.where(url='{SubscriptionCodes.PayloadContent}').value";
        var extensions = Extensions(channel["_payload"], SubscriptionCodes.PayloadContent).ToList();
        if (extensions.Count > 1)
            malformed.Add(OutcomeIssue.Error(IssueTypes.Invalid, "At most one payload content", expression));
        var requested = extensions.Count == 0 ? null : (string?)(extensions[0]["valueCode"] as JsonValue);
        if (extensions.Count == 1 && requested is null)
            malformed.Add(OutcomeIssue.Error(IssueTypes.Invalid, "The payload content is a valueCode", expression));
        else if (requested is not null && requested is not (SubscriptionCodes.FullResource or SubscriptionCodes.IdOnly or SubscriptionCodes.Empty))
            unsupported.Add(OutcomeIssue.Error(IssueTypes.NotSupported, "Payload content must be full-resource, id-only or empty", expression));

        // No payload type means no payload at all (R4 Subscription); PAS 2.2.1 expects full-resource, 2.0.1 id-only.
        var content = contentType is null ? SubscriptionCodes.Empty : requested ?? (idOnly ? SubscriptionCodes.IdOnly : SubscriptionCodes.FullResource);
        if (idOnly && content == SubscriptionCodes.FullResource)
            content = SubscriptionCodes.IdOnly;
        if (contentType is not null)
        {
            channel["_payload"] = new JsonObject
            {
                ["extension"] = new JsonArray(new JsonObject { ["url"] = SubscriptionCodes.PayloadContent, ["valueCode"] = content }),
            };
        }
        return content;
    }

    private static List<KeyValuePair<string, string>> Headers(JsonObject channel, List<OutcomeIssue> malformed)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (channel["header"] is not JsonArray lines)
            return headers;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = (string?)(lines[i] as JsonValue);
            var colon = line?.IndexOf(':') ?? -1;
            var name = colon > 0 ? line![..colon].Trim() : "";
            var value = colon > 0 ? line![(colon + 1)..].Trim() : "";
            if (!HeaderName().IsMatch(name) || ReservedHeaders.Contains(name) || value.Any(c => c is not ('\t' or (>= ' ' and <= '~'))))
            {
                // The value may be a secret: the issue names only the position.
                malformed.Add(OutcomeIssue.Error(IssueTypes.Value, "A channel header is 'Name: value': a usable header name, a printable ASCII value", $"Subscription.channel.header[{i}]"));
                continue;
            }
            headers.Add(new(name, value));
        }
        return headers;
    }

    private static int? Seconds(JsonObject channel, string url, string valueKey, List<OutcomeIssue> malformed)
    {
        var extension = Extensions(channel, url).FirstOrDefault();
        if (extension is null)
            return null;
        if (extension[valueKey] is JsonValue value && value.TryGetValue<int>(out var seconds) && seconds >= 0)
            return seconds;
        malformed.Add(OutcomeIssue.Error(IssueTypes.Value, "Expected a number of seconds (unsignedInt)", $"Subscription.channel.extension.where(url='{url}').value"));
        return null;
    }

    private static IEnumerable<JsonObject> Extensions(JsonNode? element, string url) =>
        ((element as JsonObject)?["extension"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)(e["url"] as JsonValue) == url);
}

using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>A Claim (PAS request): the fields prior-auth logic reads.</summary>
public sealed class Claim : Resource
{
    public Claim(JsonObject json) : base(Expect(json, "Claim")) { }

    public string? Status => GetString("status");
    public string? Use => GetString("use");
    public string? PatientReference => GetReference("patient");
    public string? ProviderReference => GetReference("provider");
    public string? InsurerReference => GetReference("insurer");

    public IEnumerable<ClaimItem> Items => GetObjects("item").Select(i => new ClaimItem(i));
}

/// <summary>One Claim.item.</summary>
public sealed class ClaimItem(JsonObject json) : JsonWrapper(json)
{
    /// <summary>item.sequence; null when absent or not an integer.</summary>
    public int? Sequence =>
        Json.TryGetPropertyValue("sequence", out var v) && v is JsonValue jv && jv.TryGetValue<int>(out var i) ? i : null;

    public JsonObject? ProductOrService => GetObject("productOrService");
}

/// <summary>A ClaimResponse (PAS response) under construction or as received.</summary>
public sealed class ClaimResponse : Resource
{
    public ClaimResponse(JsonObject json) : base(Expect(json, "ClaimResponse")) { }

    public static ClaimResponse Create() => new(new JsonObject { ["resourceType"] = "ClaimResponse" });

    public string? Status { get => GetString("status"); set => SetString("status", value); }
    public string? Use { get => GetString("use"); set => SetString("use", value); }

    /// <summary>queued | complete | error | partial.</summary>
    public string? Outcome { get => GetString("outcome"); set => SetString("outcome", value); }

    public string? PreAuthRef { get => GetString("preAuthRef"); set => SetString("preAuthRef", value); }
    public string? PatientReference { get => GetReference("patient"); set => SetReference("patient", value); }
    public string? RequestReference { get => GetReference("request"); set => SetReference("request", value); }
    public string? InsurerReference { get => GetReference("insurer"); set => SetReference("insurer", value); }

    public IEnumerable<JsonObject> Items => GetObjects("item");

    /// <summary>Adds an item answering Claim.item[sequence]; returns it for adjudication and extensions.</summary>
    public JsonObject AddItem(int itemSequence)
    {
        var item = new JsonObject { ["itemSequence"] = itemSequence };
        GetOrAddArray("item").Add(item);
        return item;
    }
}

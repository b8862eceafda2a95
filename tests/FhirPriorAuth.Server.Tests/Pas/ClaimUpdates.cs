using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>Turns a built PAS request into a PASClaimUpdate the way a submitter's system would.</summary>
internal static class ClaimUpdates
{
    private const string Ig = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";
    public const string AuthorizationNumberSystem = "http://fhirpriorauth.example.org/fhir/authorization-number";

    public static JsonObject Claim(JsonObject bundle) => bundle["entry"]![0]!["resource"]!.AsObject();

    public static JsonObject Item(JsonObject bundle, int sequence) =>
        Claim(bundle)["item"]!.AsArray().Single(i => (int)i!["sequence"]! == sequence)!.AsObject();

    /// <summary>Adds a copy of item 1 as line <paramref name="sequence"/>, optionally for another service.</summary>
    public static JsonObject WithLine(this JsonObject bundle, int sequence, string? otherService = null)
    {
        var line = Item(bundle, 1).DeepClone().AsObject();
        line["sequence"] = sequence;
        if (otherService is not null)
            line["productOrService"] = new JsonObject { ["text"] = otherService };
        Claim(bundle)["item"]!.AsArray().Add(line);
        return bundle;
    }

    /// <summary>Names the earlier answer's authorization number as the prior request.</summary>
    public static JsonObject UpdateOf(this JsonObject bundle, string preAuthRef)
    {
        Claim(bundle)["related"] = new JsonArray(new JsonObject
        {
            ["claim"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = AuthorizationNumberSystem, ["value"] = preAuthRef } },
            ["relationship"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", ["code"] = "prior" }),
            },
        });
        return bundle;
    }

    public static JsonObject Changed(this JsonObject bundle, int sequence)
    {
        Extensions(Item(bundle, sequence), "extension").Add(new JsonObject { ["url"] = Ig + "extension-infoChanged", ["valueCode"] = "changed" });
        return bundle;
    }

    public static JsonObject Cancelled(this JsonObject bundle, int sequence)
    {
        Extensions(Item(bundle, sequence), "modifierExtension").Add(new JsonObject { ["url"] = Ig + "modifierextension-infoCancelled", ["valueBoolean"] = true });
        return bundle;
    }

    /// <summary>Claim-level certification type 3 (cancel) and no lines: the whole request is withdrawn.</summary>
    public static JsonObject CancelWholeRequest(this JsonObject bundle)
    {
        var claim = Claim(bundle);
        claim.Remove("item");
        var extensions = Extensions(claim, "extension");
        foreach (var old in extensions.Where(e => (string?)e!["url"] == Ig + "extension-certificationType").ToList())
            extensions.Remove(old);
        extensions.Add(new JsonObject
        {
            ["url"] = Ig + "extension-certificationType",
            ["valueCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://codesystem.x12.org/005010/1322", ["code"] = "3" }) },
        });
        return bundle;
    }

    public static JsonObject WithoutLine(this JsonObject bundle, int sequence)
    {
        var items = Claim(bundle)["item"]!.AsArray();
        items.Remove(items.Single(i => (int)i!["sequence"]! == sequence));
        return bundle;
    }

    private static JsonArray Extensions(JsonObject item, string name)
    {
        if (item[name] is not JsonArray array)
            item[name] = array = [];
        return array;
    }

    /// <summary>The review number the answer gave line <paramref name="sequence"/>.</summary>
    public static string? ReviewNumber(JsonObject claimResponse, int sequence) =>
        (string?)claimResponse["item"]!.AsArray().Single(i => (int)i!["itemSequence"]! == sequence)!
            ["adjudication"]![0]!["extension"]![0]!["extension"]!.AsArray().FirstOrDefault(e => (string?)e!["url"] == "number")?["valueString"];
}

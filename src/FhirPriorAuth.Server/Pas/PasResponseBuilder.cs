using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// The PAS Response Bundle: the ClaimResponse first, then every resource it references, echoed with the fullUrl and
/// identifiers the submitter sent.
/// </summary>
internal static class PasResponseBuilder
{
    public static JsonObject Build(Bundle request, IReadOnlyList<ItemDecision> items, string preAuthRef, DateTimeOffset now)
    {
        var claimEntry = request.Entries.First();
        var claim = claimEntry.Resource!;
        var created = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var issued = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var response = new JsonObject
        {
            ["resourceType"] = "ClaimResponse",
            ["id"] = Guid.NewGuid().ToString(),
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(PasCodes.ClaimResponseProfile) },
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = PasCodes.AuthorizationNumberSystem, ["value"] = preAuthRef }),
            ["status"] = "active",
            ["type"] = claim["type"]?.DeepClone(),
            ["use"] = "preauthorization",
            ["patient"] = claim["patient"]?.DeepClone(),
            ["created"] = created,
            ["insurer"] = claim["insurer"]?.DeepClone(),
            ["requestor"] = claim["provider"]?.DeepClone(),
            // The Claim as the submitter addressed it: its fullUrl, so the reference resolves in their own bundle.
            ["request"] = new JsonObject { ["reference"] = claimEntry.FullUrl },
            ["outcome"] = "complete",
            ["preAuthRef"] = preAuthRef,
        };

        var notes = new JsonArray();
        var responseItems = new JsonArray();
        var addItems = new JsonArray();
        var missing = new List<(int Sequence, IReadOnlyList<string> Documentation)>();
        foreach (var item in items)
        {
            var noteNumbers = new JsonArray();
            foreach (var text in item.Notes)
            {
                notes.Add(new JsonObject { ["number"] = notes.Count + 1, ["type"] = "display", ["text"] = text });
                noteNumbers.Add(notes.Count);
            }
            var extensions = new JsonArray(new JsonObject { ["url"] = PasCodes.ItemPreAuthIssueDate, ["valueDate"] = issued });
            if (item.Decision?.Authorization is { } authorization)
                extensions.Add(new JsonObject
                {
                    ["url"] = PasCodes.ItemPreAuthPeriod,
                    ["valuePeriod"] = new JsonObject { ["start"] = Date(authorization.Start), ["end"] = Date(authorization.End) },
                });
            var responseItem = new JsonObject { ["extension"] = extensions, ["itemSequence"] = item.Sequence };
            // FHIR JSON has no empty arrays: a line without notes has no noteNumber.
            if (noteNumbers.Count > 0)
                responseItem["noteNumber"] = noteNumbers;
            // A review number only where this server reviewed the line.
            responseItem["adjudication"] = new JsonArray(Adjudication(item.Action, item.Decision is null ? null : preAuthRef));
            responseItems.Add(responseItem);
            if (item.Action == ActionCode.Modified && item.Decision?.Authorization is { } granted)
                addItems.Add(AddItem(item.Sequence, granted, preAuthRef, RequestedLine(claim, item.Sequence)));
            // A referral pend has nothing for the payer's form to document: no request for documents, so no DTR form.
            if (item.Action == ActionCode.Pended && item.Decision is { Referral: null } pended)
                missing.Add((item.Sequence, pended.MissingDocumentation));
        }
        response["item"] = responseItems;
        if (addItems.Count > 0)
            response["addItem"] = addItems;
        if (notes.Count > 0)
            response["processNote"] = notes;

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(PasCodes.ResponseBundleProfile) },
            ["identifier"] = new JsonObject { ["system"] = PasCodes.AuthorizationNumberSystem, ["value"] = preAuthRef },
            ["type"] = "collection",
            ["timestamp"] = created,
            ["entry"] = new JsonArray(new JsonObject { ["fullUrl"] = "urn:uuid:" + (string)response["id"]!, ["resource"] = response }),
        };
        EchoReferenced(request, claimEntry.FullUrl, response, (JsonArray)bundle["entry"]!);
        // After the echo, so the requests name the patient and payer as the response Bundle does.
        if (missing.Count > 0)
            AddCommunicationRequests(bundle, response, missing, preAuthRef);
        return bundle;
    }

    private static JsonObject Adjudication(ActionCode action, string? number)
    {
        var review = new JsonArray(new JsonObject
        {
            ["url"] = PasCodes.ReviewActionCode,
            ["valueCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = PasCodes.X12ActionCodes, ["code"] = action.Code, ["display"] = action.Display }),
            },
        });
        if (number is not null)
            review.Add(new JsonObject { ["url"] = "number", ["valueString"] = number });
        return new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject { ["url"] = PasCodes.ReviewAction, ["extension"] = review }),
            ["category"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = PasCodes.Adjudication, ["code"] = "submitted" }) },
        };
    }

    private static JsonObject? RequestedLine(JsonObject claim, int sequence) =>
        (claim["item"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(i => (int?)i["sequence"] == sequence);

    private static JsonObject AddItem(int sequence, Policies.Decisions.Authorization granted, string preAuthRef, JsonObject? requested)
    {
        // PAS binds addItem.productOrService (required) to HCPCS, CPT, NDC and the X12 codes: a modification that keeps
        // the product (a shorter period, a lower quantity) authorizes the requested code itself; a substitute gets its
        // own code (SubstituteProduct).
        // (The codes only: a text of its own would read as a substitute to CRD's existing-authorization check.)
        var product = granted.Product is { } substitute ? SubstituteProduct.Concept(substitute)
            : requested?["productOrService"]?["coding"] is JsonArray { Count: > 0 } codes ? new JsonObject { ["coding"] = codes.DeepClone() }
            : new JsonObject { ["text"] = "as requested" };
        var addItem = new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = PasCodes.ItemPreAuthPeriod,
                ["valuePeriod"] = new JsonObject { ["start"] = Date(granted.Start), ["end"] = Date(granted.End) },
            }),
            ["itemSequence"] = new JsonArray(sequence),
            ["productOrService"] = product,
            ["adjudication"] = new JsonArray(Adjudication(ActionCode.Certified, preAuthRef)),
        };
        if (granted.Quantity is { } quantity)
            addItem["quantity"] = new JsonObject { ["value"] = quantity, ["unit"] = granted.QuantityUnit };
        return addItem;
    }

    // PAS: a pend asks for what is missing through PASCommunicationRequests the ClaimResponse references, one per pended
    // line (the 2.2.1 profile allows one payload and links a request to its line by serviceLineNumber). The payload is
    // bound (required) to the LOINC attachment request codes; 102089-0 asks for the payer's questionnaire (PAS ainfo-2),
    // which is the DTR form that collects what the policy reads. The identifier (required unless the medium is voice)
    // is the attachment control number the documents are sent back under; what is missing is spelled out in note.
    // Each request is a Bundle entry referenced by its fullUrl (the test kits resolve references against entries).
    private static void AddCommunicationRequests(JsonObject bundle, JsonObject response,
        List<(int Sequence, IReadOnlyList<string> Documentation)> missing, string preAuthRef)
    {
        foreach (var (sequence, documentation) in missing)
        {
            var request = new JsonObject
            {
                ["resourceType"] = "CommunicationRequest",
                ["id"] = Guid.NewGuid().ToString(),
                ["meta"] = new JsonObject { ["profile"] = new JsonArray(PasCodes.CommunicationRequestProfile) },
                ["extension"] = new JsonArray(new JsonObject { ["url"] = PasCodes.ServiceLineNumber, ["valuePositiveInt"] = sequence }),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["system"] = PasCodes.AttachmentControlNumberSystem,
                    ["value"] = preAuthRef + "-" + sequence.ToString(CultureInfo.InvariantCulture),
                }),
                ["status"] = "active",
                ["subject"] = response["patient"]?.DeepClone(),
                ["payload"] = new JsonArray(new JsonObject { ["contentString"] = PasCodes.PayerQuestionnaireRequest }),
                ["requester"] = response["insurer"]?.DeepClone(),
            };
            if (documentation.Count > 0)
                request["note"] = new JsonArray([.. documentation.Distinct().Select(m => (JsonNode)new JsonObject { ["text"] = m })]);
            PendedLineRequests.Add(bundle, request);
        }
    }

    /// <summary>
    /// A stored answer as <c>$inquire</c> returns it: PAS 2.2.1 answers an inquiry with PAS Inquiry Response Bundles,
    /// each starting with a PASClaimInquiryResponse (the same content under the inquiry profiles).
    /// </summary>
    public static JsonObject ForInquiry(JsonObject stored)
    {
        stored["meta"] = new JsonObject { ["profile"] = new JsonArray(PasCodes.InquiryResponseBundleProfile) };
        stored["entry"]![0]!["resource"]!["meta"] = new JsonObject { ["profile"] = new JsonArray(PasCodes.ClaimInquiryResponseProfile) };
        return stored;
    }

    private static void EchoReferenced(Bundle request, string? claimFullUrl, JsonObject response, JsonArray entries)
    {
        var echoed = new HashSet<string>();
        var roots = new List<(JsonObject, string?)>();
        foreach (var name in new[] { "patient", "insurer", "requestor" })
        {
            var reference = (string?)response[name]?["reference"];
            if (reference is null || request.Resolve(reference, claimFullUrl) is not { } resource)
                continue;
            var entry = request.Entries.First(e => ReferenceEquals(e.Resource, resource));
            if (entry.FullUrl is not { } fullUrl)
                continue;
            // Point at the echoed entry by its fullUrl, so the reference resolves within the response Bundle.
            response[name] = new JsonObject { ["reference"] = fullUrl };
            if (!echoed.Add(fullUrl))
                continue;
            var copy = resource.DeepClone().AsObject();
            entries.Add(new JsonObject { ["fullUrl"] = fullUrl, ["resource"] = copy });
            roots.Add((copy, fullUrl));
        }
        // And what those reference in turn (a PractitionerRole's Practitioner, Organization, Location …).
        ReferencedEntries.AddClosure(request, entries, roots, echoed);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

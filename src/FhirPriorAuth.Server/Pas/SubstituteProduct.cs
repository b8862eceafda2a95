using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// The product a modification (A6) authorizes in place of the one requested, as <c>addItem.productOrService</c>. PAS
/// 2.2.1 binds it (required) to X12 278 Requested Service Type: X12 service types, CPT, HCPCS, ICD and NDC, not
/// RxNorm. The policies substitute only generic everolimus for a brand, and no single generic NDC stands for
/// "any generic" (several labelers make it), so the code is HCPCS J7527 (everolimus, oral, 0.25 mg), the code a
/// claim for any everolimus tablet bills under, and the text says that a generic is what is authorized. The text
/// also tells CRD's existing-authorization check that the line was changed to another product.
/// </summary>
internal static class SubstituteProduct
{
    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string GenericEverolimusText = "everolimus (generic): a generic everolimus product in place of the brand requested";

    /// <summary>The coded concept for a policy's substitute product (its catalog code, e.g. <c>everolimus-generic</c>).</summary>
    public static JsonObject Concept(string product) => product switch
    {
        "everolimus-generic" => new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = Hcpcs, ["code"] = "J7527", ["display"] = "Everolimus, oral, 0.25 mg" }),
            ["text"] = GenericEverolimusText,
        },
        // No policy names another substitute; a new one needs its code here before it can be answered in a binding way.
        _ => new JsonObject { ["text"] = product },
    };
}

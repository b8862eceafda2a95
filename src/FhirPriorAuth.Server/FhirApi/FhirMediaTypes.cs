namespace FhirPriorAuth.Server.FhirApi;

/// <summary>The media types the FHIR API speaks. Only JSON is implemented; XML and Turtle are refused with 406/415.</summary>
public static class FhirMediaTypes
{
    public const string FhirJson = "application/fhir+json";

    public const string Json = "application/json";

    /// <summary>The one Content-Type every FHIR response carries.</summary>
    public const string FhirJsonUtf8 = "application/fhir+json; charset=utf-8";

    /// <summary>Media types accepted in Content-Type and Accept (the pre-R4 <c>application/json+fhir</c> spelling is still sent by older clients).</summary>
    public static readonly IReadOnlyList<string> Supported = [FhirJson, Json, "application/json+fhir"];

    /// <summary><c>_format</c> values meaning JSON, as the FHIR http page lists them.</summary>
    public static readonly IReadOnlyList<string> FormatParameterValues = ["json", FhirJson, Json, "application/json+fhir", "text/json"];
}

namespace FhirPriorAuth.Server.Pas;

/// <summary>The PAS 2.2.1 canonical URLs and code systems the response uses (as published in the IG package).</summary>
internal static class PasCodes
{
    public const string Ig = "http://hl7.org/fhir/us/davinci-pas";
    public const string SubmitDefinition = Ig + "/OperationDefinition/Claim-submit";
    public const string ReviewAction = Ig + "/StructureDefinition/extension-reviewAction";
    public const string ReviewActionCode = Ig + "/StructureDefinition/extension-reviewActionCode";
    public const string ItemPreAuthPeriod = Ig + "/StructureDefinition/extension-itemPreAuthPeriod";
    public const string ItemPreAuthIssueDate = Ig + "/StructureDefinition/extension-itemPreAuthIssueDate";
    public const string ResponseBundleProfile = Ig + "/StructureDefinition/profile-pas-response-bundle";
    public const string ClaimResponseProfile = Ig + "/StructureDefinition/profile-claimresponse";
    public const string InquiryResponseBundleProfile = Ig + "/StructureDefinition/profile-pas-inquiry-response-bundle";
    public const string ClaimInquiryResponseProfile = Ig + "/StructureDefinition/profile-claiminquiryresponse";
    public const string CommunicationRequestProfile = Ig + "/StructureDefinition/profile-communicationrequest";
    public const string ServiceLineNumber = Ig + "/StructureDefinition/extension-serviceLineNumber";
    public const string X12ActionCodes = "https://codesystem.x12.org/005010/306";
    public const string Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";

    /// <summary>LOINC 102089-0: the attachment request code asking for the payer's questionnaire (PAS ainfo-2).</summary>
    public const string PayerQuestionnaireRequest = "102089-0";

    /// <summary>The identifier system of the attachment control numbers a request for more documentation carries.</summary>
    public const string AttachmentControlNumberSystem = "http://fhirpriorauth.example.org/fhir/attachment-control-number";

    /// <summary>The identifier system of the authorization (review) numbers this server issues.</summary>
    public const string AuthorizationNumberSystem = "http://fhirpriorauth.example.org/fhir/authorization-number";
}

/// <summary>An X12 306 (HCR01) action code and its display.</summary>
internal sealed record ActionCode(string Code, string Display)
{
    public static readonly ActionCode Certified = new("A1", "Certified in total");
    public static readonly ActionCode NotCertified = new("A3", "Not Certified");
    public static readonly ActionCode Pended = new("A4", "Pended");
    public static readonly ActionCode Modified = new("A6", "Modified");
    public static readonly ActionCode ContactPayer = new("CT", "Contact Payer");
    public static readonly ActionCode NoActionRequired = new("NA", "No Action Required");
    /// <summary>X12 306 <c>C</c>: the line was cancelled by the submitter (PAS update with infoCancelled or certificationType 3).</summary>
    public static readonly ActionCode Cancelled = new("C", "Cancelled");
}

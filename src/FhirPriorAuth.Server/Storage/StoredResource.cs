namespace FhirPriorAuth.Server.Storage;

/// <summary>One version of a stored resource.</summary>
/// <param name="Json">The resource as it was written; null when this version records a deletion.</param>
public sealed record StoredResource(
    string ResourceType,
    string Id,
    int VersionId,
    DateTimeOffset LastUpdated,
    bool IsDeleted,
    string? Json);

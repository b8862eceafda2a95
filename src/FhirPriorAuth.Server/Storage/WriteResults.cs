namespace FhirPriorAuth.Server.Storage;

/// <summary>How an update ended.</summary>
public enum UpdateStatus
{
    Updated,
    /// <summary>No resource with that type and id was ever stored.</summary>
    NotFound,
    /// <summary>The expected version was not the current one; nothing was written.</summary>
    VersionConflict,
}

/// <param name="Resource">The new version when <see cref="UpdateStatus.Updated"/>.</param>
/// <param name="CurrentVersionId">The version now current (the stale caller's reference point on a conflict).</param>
public sealed record UpdateResult(UpdateStatus Status, StoredResource? Resource, int? CurrentVersionId);

/// <summary>How a delete ended.</summary>
public enum DeleteStatus
{
    Deleted,
    /// <summary>It was deleted before; no new version was written (FHIR delete is idempotent).</summary>
    AlreadyDeleted,
    NotFound,
}

/// <param name="VersionId">The tombstone's version, when the resource exists.</param>
public sealed record DeleteResult(DeleteStatus Status, int? VersionId);

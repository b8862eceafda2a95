namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>
/// One versioned schema change. Versions only grow and an applied script is never edited: a later change is a new
/// migration with the next version, written once per provider.
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql);

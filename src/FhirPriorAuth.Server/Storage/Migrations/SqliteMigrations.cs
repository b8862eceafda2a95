namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>The schema for SQLite, one script per version.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "resources", """
            -- The current version of each resource: what read and search see.
            CREATE TABLE resources (
                resource_type TEXT NOT NULL,
                id TEXT NOT NULL,
                version_id INTEGER NOT NULL,
                last_updated TEXT NOT NULL,
                is_deleted INTEGER NOT NULL DEFAULT 0,
                body TEXT,
                PRIMARY KEY (resource_type, id)
            );
            CREATE INDEX ix_resources_type_updated ON resources (resource_type, last_updated);

            -- Every version, the current one included, for vread and history; body is NULL on a deletion.
            CREATE TABLE resource_versions (
                resource_type TEXT NOT NULL,
                id TEXT NOT NULL,
                version_id INTEGER NOT NULL,
                last_updated TEXT NOT NULL,
                is_deleted INTEGER NOT NULL DEFAULT 0,
                body TEXT,
                PRIMARY KEY (resource_type, id, version_id),
                FOREIGN KEY (resource_type, id) REFERENCES resources (resource_type, id)
            );

            -- Token values of current versions. system is '' (not NULL) when absent, so equality and the key work.
            CREATE TABLE search_tokens (
                resource_type TEXT NOT NULL,
                id TEXT NOT NULL,
                parameter TEXT NOT NULL,
                system TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (resource_type, id, parameter, system, value),
                FOREIGN KEY (resource_type, id) REFERENCES resources (resource_type, id)
            );
            CREATE INDEX ix_search_tokens_lookup ON search_tokens (resource_type, parameter, value, system);
            """),
        // Server state shared by every instance on this database (Auth/AuthStateStore): not FHIR resources.
        new(2, "auth_state", """
            -- The key that signs this server's access tokens, one row per purpose, created by whichever instance is first.
            CREATE TABLE signing_keys (
                purpose TEXT NOT NULL PRIMARY KEY,
                key_id TEXT NOT NULL,
                private_key TEXT NOT NULL,
                created_at TEXT NOT NULL
            );

            -- Client-assertion ids already used, kept until the assertion expires; the key makes each usable once.
            CREATE TABLE replay_markers (
                client_id TEXT NOT NULL,
                jti TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                PRIMARY KEY (client_id, jti)
            );
            CREATE INDEX ix_replay_markers_expires ON replay_markers (expires_at);
            """),
        new(3, "pas_member_keys", MemberKeyReindex.Sqlite),
        new(4, "search_token_lookup", TokenLookupIndex.Sql),
    ];
}

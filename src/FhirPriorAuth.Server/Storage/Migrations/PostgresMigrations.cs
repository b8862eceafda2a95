namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>The schema for PostgreSQL, one script per version.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        // body is text, not jsonb: jsonb reorders keys, drops duplicates and rewrites numbers, and a stored
        // resource must come back exactly as it was accepted.
        // Keys and tokens are codes, not prose: the "C" collation compares and orders them bytewise, as SQLite does,
        // whatever locale the database was created with.
        new(1, "resources", """
            CREATE TABLE resources (
                resource_type text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                version_id integer NOT NULL,
                last_updated timestamptz NOT NULL,
                is_deleted boolean NOT NULL DEFAULT false,
                body text,
                PRIMARY KEY (resource_type, id)
            );
            CREATE INDEX ix_resources_type_updated ON resources (resource_type, last_updated);

            CREATE TABLE resource_versions (
                resource_type text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                version_id integer NOT NULL,
                last_updated timestamptz NOT NULL,
                is_deleted boolean NOT NULL DEFAULT false,
                body text,
                PRIMARY KEY (resource_type, id, version_id),
                FOREIGN KEY (resource_type, id) REFERENCES resources (resource_type, id)
            );

            CREATE TABLE search_tokens (
                resource_type text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                parameter text COLLATE "C" NOT NULL,
                system text COLLATE "C" NOT NULL,
                value text COLLATE "C" NOT NULL,
                PRIMARY KEY (resource_type, id, parameter, system, value),
                FOREIGN KEY (resource_type, id) REFERENCES resources (resource_type, id)
            );
            CREATE INDEX ix_search_tokens_lookup ON search_tokens (resource_type, parameter, value, system);
            """),
        // Server state shared by every instance on this database (Auth/AuthStateStore): not FHIR resources.
        new(2, "auth_state", """
            CREATE TABLE signing_keys (
                purpose text COLLATE "C" NOT NULL PRIMARY KEY,
                key_id text COLLATE "C" NOT NULL,
                private_key text NOT NULL,
                created_at timestamptz NOT NULL
            );

            CREATE TABLE replay_markers (
                client_id text COLLATE "C" NOT NULL,
                jti text COLLATE "C" NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (client_id, jti)
            );
            CREATE INDEX ix_replay_markers_expires ON replay_markers (expires_at);
            """),
        new(3, "pas_member_keys", MemberKeyReindex.Postgres),
        new(4, "search_token_lookup", TokenLookupIndex.Sql),
    ];
}

namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>
/// Re-indexes stored PAS requests and answers by every member id of the patient (<c>Pas/MemberKey</c>). Earlier they
/// were keyed only by <c>Coverage.subscriberId</c>, so a request without one could never be found by $inquire. The
/// ids are read from the stored request Bundles (Coverage subscriberId; Coverage and Patient identifiers of type MB;
/// untyped Patient identifiers); an answer gets the ids of the requests sent under its authorization number. Existing
/// tokens are kept, so everything that matched before still matches. Unlike the server, which reads the Claim's own
/// patient and coverage, this reads every Patient and Coverage in the Bundle (SQL cannot resolve references); a PAS
/// request carries one of each, or a subscriber beside the patient, whose member id then also finds the request.
/// </summary>
internal static class MemberKeyReindex
{
    private const string MemberIdSystem = "http://terminology.hl7.org/CodeSystem/v2-0203";

    public const string Sqlite = $$"""
        INSERT OR IGNORE INTO search_tokens (resource_type, id, parameter, system, value)
        SELECT DISTINCT m.resource_type, m.id, 'patient-member-id', '', trim(m.value)
        FROM (
            SELECT r.resource_type, r.id, json_extract(e.value, '$.resource.subscriberId') AS value
            FROM resources r, json_each(r.body, '$.entry') e
            WHERE json_extract(e.value, '$.resource.resourceType') = 'Coverage'
              AND r.resource_type = 'Bundle' AND r.is_deleted = 0 AND r.body IS NOT NULL
              AND EXISTS (SELECT 1 FROM search_tokens k WHERE k.resource_type = r.resource_type AND k.id = r.id
                          AND k.parameter = 'pas-kind' AND k.value = 'submit-request')
            UNION ALL
            SELECT r.resource_type, r.id, json_extract(i.value, '$.value')
            FROM resources r, json_each(r.body, '$.entry') e, json_each(e.value, '$.resource.identifier') i
            WHERE json_extract(e.value, '$.resource.resourceType') IN ('Coverage', 'Patient')
              AND (EXISTS (SELECT 1 FROM json_each(i.value, '$.type.coding') c WHERE json_extract(c.value, '$.code') = 'MB'
                           AND coalesce(json_extract(c.value, '$.system'), '{{MemberIdSystem}}') = '{{MemberIdSystem}}')
                   OR (json_extract(e.value, '$.resource.resourceType') = 'Patient' AND json_extract(i.value, '$.type') IS NULL))
              AND r.resource_type = 'Bundle' AND r.is_deleted = 0 AND r.body IS NOT NULL
              AND EXISTS (SELECT 1 FROM search_tokens k WHERE k.resource_type = r.resource_type AND k.id = r.id
                          AND k.parameter = 'pas-kind' AND k.value = 'submit-request')
        ) m
        WHERE m.value IS NOT NULL AND trim(m.value) <> '';

        INSERT OR IGNORE INTO search_tokens (resource_type, id, parameter, system, value)
        {{Answers}};
        """;

    public const string Postgres = $$"""
        INSERT INTO search_tokens (resource_type, id, parameter, system, value)
        SELECT DISTINCT r.resource_type, r.id, 'patient-member-id', '', btrim(m.value)
        FROM resources r
        CROSS JOIN LATERAL (
            SELECT e -> 'resource' ->> 'subscriberId' AS value
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.body::jsonb -> 'entry') = 'array' THEN r.body::jsonb -> 'entry' ELSE '[]'::jsonb END) e
            WHERE e -> 'resource' ->> 'resourceType' = 'Coverage'
            UNION ALL
            SELECT i ->> 'value'
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.body::jsonb -> 'entry') = 'array' THEN r.body::jsonb -> 'entry' ELSE '[]'::jsonb END) e,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(e -> 'resource' -> 'identifier') = 'array' THEN e -> 'resource' -> 'identifier' ELSE '[]'::jsonb END) i
            WHERE e -> 'resource' ->> 'resourceType' IN ('Coverage', 'Patient')
              AND (EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i -> 'type' -> 'coding') = 'array' THEN i -> 'type' -> 'coding' ELSE '[]'::jsonb END) c
                           WHERE c ->> 'code' = 'MB' AND coalesce(c ->> 'system', '{{MemberIdSystem}}') = '{{MemberIdSystem}}')
                   OR (e -> 'resource' ->> 'resourceType' = 'Patient' AND i -> 'type' IS NULL))
        ) m
        WHERE r.resource_type = 'Bundle' AND NOT r.is_deleted AND r.body IS NOT NULL
          AND EXISTS (SELECT 1 FROM search_tokens k WHERE k.resource_type = r.resource_type AND k.id = r.id
                      AND k.parameter = 'pas-kind' AND k.value = 'submit-request')
          AND m.value IS NOT NULL AND btrim(m.value) <> ''
        ON CONFLICT DO NOTHING;

        INSERT INTO search_tokens (resource_type, id, parameter, system, value)
        {{Answers}}
        ON CONFLICT DO NOTHING;
        """;

    // An answer is found by the member ids of every request sent under its authorization number.
    private const string Answers = """
        SELECT DISTINCT a.resource_type, a.id, 'patient-member-id', '', m.value
        FROM search_tokens a
        JOIN search_tokens ak ON ak.resource_type = a.resource_type AND ak.id = a.id AND ak.parameter = 'pas-kind' AND ak.value = 'submit-response'
        JOIN search_tokens b ON b.resource_type = a.resource_type AND b.parameter = 'authorization-number' AND b.system = a.system AND b.value = a.value
        JOIN search_tokens bk ON bk.resource_type = b.resource_type AND bk.id = b.id AND bk.parameter = 'pas-kind' AND bk.value = 'submit-request'
        JOIN search_tokens m ON m.resource_type = b.resource_type AND m.id = b.id AND m.parameter = 'patient-member-id'
        WHERE a.resource_type = 'Bundle' AND a.parameter = 'authorization-number'
        """;
}

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// Removes stored resources for good: every version, body and search token. Retention rules need this where a FHIR
/// delete would keep the content in the history. A batch per transaction keeps each one short.
/// </summary>
internal static class Expunge
{
    private const int Batch = 500;

    /// <summary>
    /// Removes the resources of <paramref name="resourceType"/> last written before <paramref name="cutoff"/> that have
    /// the search token <paramref name="parameter"/> with one of <paramref name="values"/> (any value when none is given).
    /// Selected rows are locked where the backend can, so a concurrent writer of one waits. Returns how many went.
    /// </summary>
    public static async Task<int> OlderThanAsync(IStorageBackend backend, string resourceType, string parameter,
        IReadOnlyList<string> values, DateTimeOffset cutoff, CancellationToken ct)
    {
        var valueNames = values.Select((_, i) => $"@value{i}").ToList();
        var valueFilter = values.Count == 0 ? "" : $" AND t.value IN ({string.Join(", ", valueNames)})";
        var removed = 0;
        while (true)
        {
            await using var connection = await backend.OpenAsync(ct);
            await using var transaction = await backend.BeginWriteAsync(connection, ct);
            var rows = new List<string>();
            await using (var select = connection.Command(transaction, $"""
                             SELECT r.id FROM resources r
                             JOIN search_tokens t ON t.resource_type = r.resource_type AND t.id = r.id
                             WHERE r.resource_type = @type AND t.parameter = @parameter{valueFilter} AND r.last_updated < @cutoff
                             LIMIT {Batch}{backend.LockRowClause}
                             """)
                             .With("@type", resourceType).With("@parameter", parameter).With("@cutoff", backend.ToDbTimestamp(cutoff)))
            {
                for (var i = 0; i < values.Count; i++)
                    select.With(valueNames[i], backend.TokenText(values[i]));
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    rows.Add(reader.GetString(0));
            }
            // Not DISTINCT in SQL: PostgreSQL refuses it beside FOR UPDATE.
            var ids = rows.Distinct().ToList();
            foreach (var id in ids)
                foreach (var table in (string[])["search_tokens", "resource_versions", "resources"])
                    await using (var delete = connection.Command(transaction, $"DELETE FROM {table} WHERE resource_type = @type AND id = @id")
                                     .With("@type", resourceType).With("@id", id))
                        await delete.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            removed += ids.Count;
            if (rows.Count < Batch)
                return removed;
        }
    }
}

using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Storage.Migrations;
using FhirPriorAuth.Server.Storage.Sql;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirPriorAuth.Server.Tests.Conformance.Kits;

/// <summary>
/// Schema migration 3 re-indexes what an earlier server stored (keyed only by Coverage.subscriberId, so a request
/// without one had no member key at all): afterwards a stored request and its answer are found by the member ids
/// the request carries, and what matched before still matches. On SQLite and PostgreSQL.
/// </summary>
public sealed class MemberKeyMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqlite_answers_stored_before_the_member_key_are_found_after_the_migration()
    {
        await using var target = new SqliteTarget();
        await StoredBeforeAndFoundAfterAsync(target);
    }

    [Fact]
    public async Task Postgres_answers_stored_before_the_member_key_are_found_after_the_migration()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        await StoredBeforeAndFoundAfterAsync(target);
    }

    private static async Task StoredBeforeAndFoundAfterAsync(StorageTarget target)
    {
        var backend = target.Open();
        await new SchemaMigrator(backend).ApplyAsync(Ct);
        var store = new SqlResourceStore(backend, TimeProvider.System, NullLogger<SqlResourceStore>.Instance);

        // As the server before migration 3 filed them: kind, authorization number, and subscriberId only when present.
        var withoutSubscriber = PasRequests.LutatheraQualifying().Build();
        var coverage = InquiryByMemberTests.Resource(withoutSubscriber, "Coverage");
        coverage.Remove("subscriberId");
        coverage["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0203", ["code"] = "MB" }) },
            ["value"] = " MB-777 ",
        });
        await StoreOldAsync(store, withoutSubscriber, "PA-OLD-1", member: null);
        await StoreOldAsync(store, PasRequests.LutatheraQualifying().Build(), "PA-OLD-2", member: "M123456");
        Assert.Empty(await AnswersOfAsync(store, "MB-777"));

        await RollBackToVersion2Async(target);
        Assert.Equal([3], await new SchemaMigrator(target.Open()).ApplyAsync(Ct));

        Assert.Equal(["PA-OLD-1"], await AnswersOfAsync(store, "MB-777"));
        Assert.Equal(["PA-OLD-2"], await AnswersOfAsync(store, "M123456"));
        var requests = await store.SearchAsync("Bundle", [new("pas-kind", null, "submit-request"), new("patient-member-id", null, "MB-777")], 10, Ct);
        Assert.Single(requests);
    }

    private static async Task StoreOldAsync(SqlResourceStore store, JsonObject request, string number, string? member)
    {
        var kind = new SearchToken("authorization-number", "http://fhirpriorauth.example.org/fhir/authorization-number", number);
        List<SearchToken> requestTokens = [new("pas-kind", null, "submit-request"), kind];
        List<SearchToken> responseTokens = [new("pas-kind", null, "submit-response"), kind];
        if (member is not null)
        {
            requestTokens.Add(new("patient-member-id", null, member));
            responseTokens.Add(new("patient-member-id", null, member));
        }
        await store.CreateAsync("Bundle", request.ToJsonString(), requestTokens, Ct);
        var response = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "collection",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "ClaimResponse", ["preAuthRef"] = number } }),
        };
        await store.CreateAsync("Bundle", response.ToJsonString(), responseTokens, Ct);
    }

    private static async Task<List<string>> AnswersOfAsync(SqlResourceStore store, string member) =>
        [.. (await store.SearchAsync("Bundle", [new("pas-kind", null, "submit-response"), new("patient-member-id", null, member)], 10, Ct))
            .Select(r => (string)JsonNode.Parse(r.Json!)!["entry"]![0]!["resource"]!["preAuthRef"]!).Order()];

    /// <summary>The database as a server before migration 3 left it: the migration not recorded, the data as it was.</summary>
    private static async Task RollBackToVersion2Async(StorageTarget target)
    {
        var backend = target.Open();
        await using var connection = await backend.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM schema_migrations WHERE version = 3";
        await command.ExecuteNonQueryAsync(Ct);
    }
}

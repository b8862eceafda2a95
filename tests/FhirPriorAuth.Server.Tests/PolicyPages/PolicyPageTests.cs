using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.PolicyPages;

/// <summary><c>GET /policies/{id}</c>: the human-readable page CRD External Reference cards link to.</summary>
public sealed class PolicyPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("wellmark-lutathera", "Wellmark 06.01.38: Lutathera (Lutetium Lu 177 Dotatate)", "Wellmark Blue Cross and Blue Shield",
        "Policy — Medically Necessary, indication 1.a", "Low grade (typical) &lt; 2 mitoses/10 HPF", "< 2 mitoses")]
    [InlineData("capital-blue-cross-lutathera", "Capital Blue Cross MP 2.371: Lutetium Lu 177 dotatate (Lutathera)", "Capital Blue Cross",
        "I. Policy — Initial Treatment", "creatinine clearance &lt; 30 mL/min", "clearance < 30")]
    [InlineData("centene-everolimus", "Centene CP.PHAR.63 Everolimus (Afinitor, Afinitor Disperz, Zortress)", "Centene Corporation",
        "I.A", "Centene&#x27;s benefit", "Centene's benefit")]
    public async Task Each_policy_has_a_page_with_its_title_payer_and_citations_escaped(string id, string title, string payer,
        string citation, string escaped, string raw)
    {
        await using var server = new FhirServerFactory(); // authentication on: the page is open

        var response = await server.CreateClient().GetAsync("/policies/" + id, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>" + title + "</h1>", html, StringComparison.Ordinal);
        Assert.Contains(payer, html, StringComparison.Ordinal);
        Assert.Contains("<cite>(" + citation, html, StringComparison.Ordinal);
        Assert.Contains(escaped, html, StringComparison.Ordinal);
        Assert.DoesNotContain(raw, html, StringComparison.Ordinal);
        AssertStrictSecurityPolicy(response);
    }

    [Fact]
    public async Task A_policy_that_has_ended_says_it_is_retired_and_one_in_effect_does_not()
    {
        await using var server = new FhirServerFactory();
        var client = server.CreateClient();

        var retired = await client.GetStringAsync("/policies/capital-blue-cross-lutathera", Ct);
        var current = await client.GetStringAsync("/policies/wellmark-lutathera", Ct);

        // The page shows the latest revision of MP 2.371 (KPS 60, from 2024-12-09); earlier revisions are their own versions.
        Assert.Contains("2024-12-09 to 2026-01-31", retired, StringComparison.Ordinal);
        Assert.Contains("Retired", retired, StringComparison.Ordinal);
        Assert.Contains("from 2026-01-01", current, StringComparison.Ordinal);
        Assert.DoesNotContain("Retired", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_lists_exclusions_limits_and_the_documentation_asked_for()
    {
        await using var server = new FhirServerFactory();

        var html = await server.CreateClient().GetStringAsync("/policies/wellmark-lutathera", Ct);

        Assert.Contains("<h2>Exclusions</h2>", html, StringComparison.Ordinal);
        Assert.Contains("11 years of age or less (investigational)", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Limits</h2>", html, StringComparison.Ordinal);
        Assert.Contains("No more than 4 Lutathera doses in total", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Documentation requested</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Distant metastases documented (indication 1)", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/policies/no-such-policy")]
    [InlineData("/policies/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    public async Task An_unknown_policy_is_404_without_echoing_the_id(string path)
    {
        await using var server = new FhirServerFactory();

        var response = await server.CreateClient().GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-policy", html, StringComparison.Ordinal);
        AssertStrictSecurityPolicy(response);
    }

    [Fact]
    public async Task Markup_in_a_policy_artifact_is_shown_as_text_not_run()
    {
        var root = Directory.CreateTempSubdirectory("fpa-policy-page-").FullName;
        try
        {
            var folder = Path.Combine(root, "wellmark", "lutathera");
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "questionnaires", "wellmark", "lutathera")))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var planFile = Path.Combine(folder, "PlanDefinition-wellmark-lutathera.json");
            var plan = JsonNode.Parse(await File.ReadAllTextAsync(planFile, Ct))!.AsObject();
            plan["title"] = "<script>alert('policy')</script> & \"co\"";
            plan["publisher"] = "<img src=x onerror=alert(1)>";
            await File.WriteAllTextAsync(planFile, plan.ToJsonString(), Ct);
            await using var server = new FhirServerFactory(new Dictionary<string, string?> { ["Dtr:QuestionnairesRoot"] = root });

            var html = await server.CreateClient().GetStringAsync("/policies/wellmark-lutathera", Ct);

            Assert.Contains("<h1>&lt;script&gt;alert(&#x27;policy&#x27;)&lt;/script&gt; &amp; &quot;co&quot;</h1>", html, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertStrictSecurityPolicy(HttpResponseMessage response)
    {
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}

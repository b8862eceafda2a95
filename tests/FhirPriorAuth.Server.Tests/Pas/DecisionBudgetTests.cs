using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using FhirPriorAuth.Server.Tests.Pas.Review;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>
/// A decision not ready within the PAS response window is pended for a reviewer, never left to time out; with the
/// budget at 0 (automated decisions off) every policy line goes to a reviewer.
/// </summary>
public sealed class DecisionBudgetTests
{
    [Fact]
    public async Task With_automated_decisions_off_a_qualifying_request_is_pended_to_a_reviewer_under_an_authorization_number()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Pas:DecisionBudgetMilliseconds"] = "0",
        });
        var client = server.CreateClient();

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        Assert.Equal(["A4"], PasClient.ActionCodes(claimResponse));
        Assert.Contains(PasClient.Notes(claimResponse), n => n.StartsWith("Not decided automatically within the PAS response time", StringComparison.Ordinal));
        var number = (string?)claimResponse["preAuthRef"];
        Assert.False(string.IsNullOrEmpty(number));
        var task = Assert.Single(await ReviewClient.ListAsync(client))!;
        Assert.Equal(number, (string?)task["authorizationNumber"]);
    }

    [Theory]
    [InlineData("20000", true)]
    [InlineData("-1", true)]
    [InlineData("14000", false)]
    public void A_budget_outside_the_PAS_window_is_refused_at_start(string milliseconds, bool refused)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Pas:DecisionBudgetMilliseconds"] = milliseconds }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddPas();
        using var provider = services.BuildServiceProvider();

        var failure = Record.Exception(() => provider.GetRequiredService<IOptions<PasOptions>>().Value);

        Assert.Equal(refused, failure is OptionsValidationException);
        if (refused)
            Assert.Contains("DecisionBudgetMilliseconds", failure!.Message, StringComparison.Ordinal);
    }
}

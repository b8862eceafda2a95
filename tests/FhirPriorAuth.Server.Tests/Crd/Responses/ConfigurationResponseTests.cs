using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Crd;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

public sealed class ConfigurationResponseTests
{
    private static string TypeOf(JsonObject card) => card["source"]!["topic"]!["code"]!.GetValue<string>();

    [Theory]
    [InlineData(CrdConfiguration.Guideline)]
    [InlineData(CrdConfiguration.ClinicalReminder)]
    public void Turning_a_card_type_off_removes_exactly_its_cards_from_a_Lutathera_answer(string option)
    {
        var all = Respond(WellmarkLutathera().BuildCrdRequest());
        var configured = Respond(WellmarkLutathera().BuildCrdRequest().Configured(new JsonObject { [option] = false }));

        Assert.Contains(Cards(all), c => TypeOf(c) == option);
        Assert.Equal(Cards(all).Select(TypeOf).Where(t => t != option), Cards(configured).Select(TypeOf));
        // Coverage information is a system action, not a card: it stays.
        Assert.Equal(SystemActions(all).Count, SystemActions(configured).Count);
    }

    [Fact]
    public void Turning_coverage_information_off_removes_its_cards_and_its_system_actions()
    {
        var all = Respond(WellmarkLutathera().BuildCrdRequest());
        var configured = Respond(WellmarkLutathera().BuildCrdRequest().Configured(new JsonObject { [CrdConfiguration.CoverageInfo] = false }));

        Assert.Equal(Cards(all).Select(TypeOf).Where(t => t != CrdConfiguration.CoverageInfo), Cards(configured).Select(TypeOf));
        Assert.Single(SystemActions(all));
        Assert.Empty(SystemActions(configured));
    }

    [Fact]
    public void Turning_therapy_alternatives_off_removes_exactly_the_generic_suggestion()
    {
        var all = Respond(CenteneEverolimus().BuildCrdRequest());
        var configured = Respond(CenteneEverolimus().BuildCrdRequest()
            .Configured(new JsonObject { [CrdConfiguration.TherapyAlternatives] = false }));

        Assert.Contains(Cards(all), c => TypeOf(c) == CrdConfiguration.TherapyAlternatives);
        Assert.Equal(Cards(all).Select(TypeOf).Where(t => t != CrdConfiguration.TherapyAlternatives), Cards(configured).Select(TypeOf));
    }

    [Fact]
    public void Max_cards_keeps_the_most_important_cards_first()
    {
        var all = Respond(WellmarkLutathera().BuildCrdRequest());
        var two = Respond(WellmarkLutathera().BuildCrdRequest().Configured(new JsonObject { [CrdConfiguration.MaxCards] = 2 }));

        Assert.True(Cards(all).Count > 2);
        Assert.Equal(Cards(all).Take(2).Select(c => c["summary"]!.GetValue<string>()), Cards(two).Select(c => c["summary"]!.GetValue<string>()));
        Assert.Equal(CrdConfiguration.CoverageInfo, TypeOf(Cards(two)[0]));
    }

    [Fact]
    public void Max_cards_zero_returns_no_cards_but_still_the_coverage_information()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest().Configured(new JsonObject { [CrdConfiguration.MaxCards] = 0 }));

        Assert.Empty(Cards(response));
        Assert.Single(SystemActions(response));
    }

    [Fact]
    public void Unknown_configuration_keys_change_nothing()
    {
        var all = Respond(WellmarkLutathera().BuildCrdRequest());
        var configured = Respond(WellmarkLutathera().BuildCrdRequest().Configured(new JsonObject { ["coverage"] = false, ["cost"] = true }));

        Assert.Equal(Cards(all).Select(TypeOf), Cards(configured).Select(TypeOf));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Dtr;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Conformance.Kits;

/// <summary>
/// The DTR payer-server kit's adaptive sequence ($next-question until completed) in the kit's own request shape
/// (next_question_initial_input_params_conformant.json: a Parameters 'questionnaire-response' whose contained adaptive
/// Questionnaire names the form by url and has no items yet). The kit's dinner form is the kit's own simulated payer's
/// (its items exist only in the kit's answers), so for it this payer answers 404; with our form's url in its place
/// the same request walks our form to a completed response.
/// </summary>
public sealed class DtrAdaptiveKitTests
{
    private static async Task<JsonObject> KitRequestAsync()
    {
        var path = SharedData.PathTo("conformance", "dtr", "next_question_initial_input_params_conformant.json");
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        return JsonNode.Parse(await File.ReadAllTextAsync(path!, TestContext.Current.CancellationToken))!.AsObject();
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, JsonObject parameters)
    {
        var answer = await client.SendAsync(FhirRequests.Post("/fhir/Questionnaire/$next-question", parameters.ToJsonString()), TestContext.Current.CancellationToken);
        return (answer.StatusCode, JsonNode.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject());
    }

    [Fact]
    public async Task The_kits_own_dinner_form_is_not_a_form_of_this_payer_and_is_answered_404_with_an_OperationOutcome()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var (status, body) = await PostAsync(server.CreateClient(), await KitRequestAsync());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
    }

    [Fact]
    public async Task The_kits_request_shape_naming_our_form_walks_it_to_a_completed_response()
    {
        var parameters = await KitRequestAsync();
        var response = parameters["parameter"]![0]!["resource"]!.AsObject();
        var contained = NextQuestionTests.Questionnaire(response);
        contained["url"] = NextQuestionTests.CapitalLutathera;
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var (status, current) = await PostAsync(client, parameters);
        Assert.Equal(HttpStatusCode.OK, status);
        // The kit checks: a QuestionnaireResponse, its questionnaire the contained adaptive form, new questions added.
        Assert.Equal("QuestionnaireResponse", (string?)current["resourceType"]);
        Assert.Equal("#DinnerOrderAdaptive", (string?)current["questionnaire"]);
        Assert.Equal(["continuation"], NextQuestionTests.LinkIds(current));
        for (var step = 0; step < 60 && (string?)current["status"] != "completed"; step++)
        {
            var next = NextQuestionTests.Questions(NextQuestionTests.Questionnaire(current)).Last();
            var asked = NextQuestionTests.LinkIds(current).Count;
            (status, current) = await NextQuestionTests.NextAsync(client, NextQuestionTests.Answer(current, next));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True((string?)current["status"] == "completed" || NextQuestionTests.LinkIds(current).Count == asked + 1);
        }
        Assert.Equal("completed", (string?)current["status"]);
        Assert.Equal("Patient/example", (string?)current["subject"]!["reference"]);
    }
}

using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// Answers every call with no cards. Registered only when no real <see cref="ICrdResponder"/> is (TryAdd), so the
/// services stay callable while the responder is absent.
/// </summary>
internal sealed class NoCardsResponder : ICrdResponder
{
    public JsonObject Respond(CrdCall call) => new() { ["cards"] = new JsonArray() };
}

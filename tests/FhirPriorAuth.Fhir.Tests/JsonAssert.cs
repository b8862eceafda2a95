using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Tests;

/// <summary>JSON equality for round-trip checks: object key order ignored, numbers compared by their exact text.</summary>
internal static class JsonAssert
{
    public static void Equivalent(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null");
                break;
            case JsonObject eo:
                var ao = Assert.IsType<JsonObject>(actual, exactMatch: false);
                Assert.True(eo.Count == ao.Count, $"{path}: {eo.Count} vs {ao.Count} properties");
                foreach (var (key, value) in eo)
                {
                    Assert.True(ao.ContainsKey(key), $"{path}.{key} is missing");
                    Equivalent(value, ao[key], $"{path}.{key}");
                }
                break;
            case JsonArray ea:
                var aa = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(ea.Count == aa.Count, $"{path}: {ea.Count} vs {aa.Count} items");
                for (var i = 0; i < ea.Count; i++) Equivalent(ea[i], aa[i], $"{path}[{i}]");
                break;
            default:
                var av = Assert.IsType<JsonValue>(actual, exactMatch: false);
                var ev = expected.AsValue();
                Assert.True(ev.GetValueKind() == av.GetValueKind(), $"{path}: kind {ev.GetValueKind()} vs {av.GetValueKind()}");
                // Raw text for numbers (1.0 ≠ 1), decoded text for strings (escaping may differ).
                var same = ev.GetValueKind() == JsonValueKind.String
                    ? ev.GetValue<string>() == av.GetValue<string>()
                    : ev.ToJsonString() == av.ToJsonString();
                Assert.True(same, $"{path}: values differ");
                break;
        }
    }
}

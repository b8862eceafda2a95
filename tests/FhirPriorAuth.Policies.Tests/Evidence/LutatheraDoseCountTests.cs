using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Evidence.Extraction;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Lutathera doses requested from an activity on the claim line or the order: one dose is 7.4 GBq = 200 mCi.</summary>
public sealed class LutatheraDoseCountTests
{
    public static TheoryData<decimal, string?, int?> Activities => new()
    {
        { 29.6m, "GBq", 4 },
        { 14.8m, "GBq", 2 },
        { 7.4m, "GBq", 1 },
        { 7400m, "MBq", 1 },
        { 800m, "mCi", 4 },
        { 200m, "mCi", 1 },
        { 201m, "mCi", 2 },      // a part dose counts as a dose: a limit is never under-counted
        { 3m, "mL", null },      // volume is not activity
        { 4m, null, null },
    };

    [Theory]
    [MemberData(nameof(Activities))]
    public void Given_AnActivity_When_CountedAsDoses_Then_ItIsTheDosesOf7Point4GBq(decimal value, string? unit, int? doses)
    {
        Assert.Equal(doses, LutatheraActivity.Doses(value, unit));
    }

    public static TheoryData<decimal, string?, string?, int> ClaimQuantities => new()
    {
        // value, UCUM code, printed unit, doses requested
        { 29.6m, "GBq", "GBq", 4 },
        { 29.6m, null, "gbq", 4 },
        { 14.8m, "GBq", "GBq", 2 },
        { 800m, null, null, 4 },      // A9513 is billed per mCi
        { 400m, "mCi", "mCi", 2 },
    };

    [Theory]
    [MemberData(nameof(ClaimQuantities))]
    public void Given_AnA9513LineQuantity_When_TheEvidenceIsRead_Then_TheDosesRequestedFollowTheActivity(decimal value, string? code, string? unit, int doses)
    {
        var bundle = PasRequestBuilder.Lutathera("wellmark").ServiceDate(PasRequestBuilder.DefaultServiceDate).Patient(60).Diagnosis("C7A.010").Build();
        foreach (var entry in bundle["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!.AsObject();
            if ((string?)resource["resourceType"] == "MedicationRequest") resource.Remove("dosageInstruction");
            if ((string?)resource["resourceType"] == "MedicationRequest") resource.Remove("dispenseRequest");
            if ((string?)resource["resourceType"] != "Claim") continue;
            var quantity = new JsonObject { ["value"] = value };
            if (unit is not null) quantity["unit"] = unit;
            if (code is not null) { quantity["code"] = code; quantity["system"] = "http://unitsofmeasure.org"; }
            resource["item"]![0]!["quantity"] = quantity;
        }

        var evidence = PasBundleEvidence.Extract(bundle, PasRequestBuilder.DefaultServiceDate);

        Assert.Equal([doses], evidence.Values("dosesRequested").Distinct());
    }
}

/// <summary>Doses already given: one per day, and an infusion interrupted and resumed is one dose.</summary>
public sealed class LutatheraDosesGivenTests
{
    private static readonly DateOnly ServiceDate = PasRequestBuilder.DefaultServiceDate;

    public static TheoryData<string, int> Courses => new()
    {
        // administrations "days before the date of service:status", doses given
        { "112:completed 56:completed", 2 },
        { "56:stopped 56:completed", 1 },          // interrupted and resumed the same day
        { "57:stopped 56:completed", 1 },          // interrupted in the evening, resumed the next morning
        { "112:completed 56:stopped 55:completed", 2 },
        { "60:stopped 56:completed", 2 },          // days apart: a new administration, not a resumption
        { "57:completed 56:completed", 2 },        // two completed infusions are two doses
    };

    [Theory]
    [MemberData(nameof(Courses))]
    public void Given_LutatheraAdministrations_When_TheEvidenceIsRead_Then_AnInterruptedInfusionCountsOnce(string course, int doses)
    {
        var builder = PasRequestBuilder.Lutathera("wellmark").ServiceDate(ServiceDate).Patient(60).Diagnosis("C7A.010");
        foreach (var administration in course.Split(' '))
        {
            var parts = administration.Split(':');
            builder.LutatheraDoseGiven(ServiceDate.AddDays(-int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)), parts[1]);
        }

        var evidence = PasBundleEvidence.Extract(builder.Build(), ServiceDate);

        Assert.Equal([doses], evidence.Values("dosesGiven").Distinct());
    }
}

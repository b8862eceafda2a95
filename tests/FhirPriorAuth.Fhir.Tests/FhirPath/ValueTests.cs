using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.Tests.FhirPath;

public class PartialDateTimeTests
{
    private static PartialDateTime Dt(string s) => PartialDateTime.ParseDateTime(s)!;

    [Theory]
    [InlineData("2014", DateTimePrecision.Year)]
    [InlineData("2014-03", DateTimePrecision.Month)]
    [InlineData("2014-03-07", DateTimePrecision.Day)]
    [InlineData("2014-03-07T10", DateTimePrecision.Hour)]
    [InlineData("2014-03-07T10:30", DateTimePrecision.Minute)]
    [InlineData("2014-03-07T10:30:15", DateTimePrecision.Second)]
    [InlineData("2014-03-07T10:30:15.25", DateTimePrecision.Millisecond)]
    public void Parsing_RecordsPrecision(string text, DateTimePrecision precision) =>
        Assert.Equal(precision, Dt(text).Precision);

    [Theory]
    [InlineData("2014-02-30")]
    [InlineData("2014-13")]
    [InlineData("2014-01-01T24:00")]
    [InlineData("14-01-01")]
    public void Parsing_RejectsImpossibleValues(string text) => Assert.Null(PartialDateTime.ParseDateTime(text));

    [Fact]
    public void Equality_IsUnknownWhenPrecisionDiffers()
    {
        Assert.Null(PartialDateTime.AreEqual(Dt("2012-04-15"), Dt("2012-04-15T10:00:00")));
        Assert.False(PartialDateTime.AreEqual(Dt("2012-04-15"), Dt("2012-04-16T10:00:00")));
        Assert.False(PartialDateTime.AreEquivalent(Dt("2012-04-15"), Dt("2012-04-15T10:00:00")));
    }

    [Fact]
    public void SecondsAndMillisecondsCompareAsOnePrecision() =>
        Assert.True(PartialDateTime.AreEqual(Dt("2012-04-15T15:30:31"), Dt("2012-04-15T15:30:31.0")));

    [Fact]
    public void TimezonesAreNormalisedBeforeComparing()
    {
        Assert.True(PartialDateTime.AreEqual(Dt("2012-04-15T15:00:00+02:00"), Dt("2012-04-15T16:00:00+03:00")));
        Assert.True(PartialDateTime.Compare(Dt("2017-11-05T01:30:00-04:00"), Dt("2017-11-05T01:15:00-05:00")) < 0);
        // One side without a zone cannot be placed on the timeline.
        Assert.Null(PartialDateTime.Compare(Dt("2012-04-15T15:00:00Z"), Dt("2012-04-15T10:00:00")));
    }

    [Fact]
    public void DateAndTimeAreNotComparable() =>
        Assert.False(PartialDateTime.AreEqual(PartialDateTime.ParseDate("2012-04-15")!, PartialDateTime.ParseTime("10:00")!));

    [Fact]
    public void AddingMonthsClampsToTheMonthEnd() =>
        Assert.Equal("2024-02-29", PartialDateTime.ParseDate("2024-01-31")!.Add(1, DateTimePrecision.Month).ToString());

    [Fact]
    public void AddingFinerUnitsToADateMovesWholeDays() =>
        Assert.Equal("2024-01-02", PartialDateTime.ParseDate("2024-01-01")!.Add(36, DateTimePrecision.Hour).ToString());

    [Fact]
    public void ToString_KeepsPrecisionAndOffset()
    {
        Assert.Equal("2014-01-05T10:30:00.000+10:00", Dt("2014-01-05T10:30:00.000+10:00").ToString());
        Assert.Equal("@2015T", Dt("2015T").ToLiteral());
        Assert.Equal("@T10:30", PartialDateTime.ParseTime("10:30")!.ToLiteral());
    }
}

public class QuantityTests
{
    [Theory]
    [InlineData(4.0, "g", 4000.0, "mg")]
    [InlineData(1, "L", 1000, "mL")]
    [InlineData(1, "mmol", 1000, "umol")]
    [InlineData(1, "kg", 1000, "g")]
    [InlineData(1, "h", 60, "min")]
    [InlineData(1, "min", 60, "s")]
    [InlineData(1, "s", 1000, "ms")]
    [InlineData(1, "wk", 7, "d")]
    [InlineData(1, "d", 24, "h")]
    [InlineData(7, "day", 1, "week")]
    [InlineData(1, "day", 1, "d")]
    [InlineData(50, "%", 0.5, "1")]
    [InlineData(60, "/min", 1, "/s")]
    [InlineData(12, "month", 1, "year")]
    [InlineData(1, "a", 12, "mo")]
    [InlineData(1, "kg", 1000000, "mg")]
    [InlineData(1, "mmol/L", 1, "umol/mL")]
    public void EquivalentUnitsAreEqual(decimal a, string ua, decimal b, string ub) =>
        Assert.True(Quantity.AreEqual(Quantity.Create(a, ua), Quantity.Create(b, ub)));

    [Theory]
    [InlineData("year", "a")]
    [InlineData("month", "mo")]
    public void CalendarYearsAndMonthsAreNotUcumYearsAndMonths(string calendar, string ucum) =>
        Assert.Null(Quantity.AreEqual(Quantity.Create(1, calendar), Quantity.Create(1, ucum)));

    [Fact]
    public void DifferentDimensionsAreIncomparable()
    {
        Assert.Null(Quantity.Compare(new Quantity(1, "mg"), new Quantity(1, "mL")));
        Assert.False(new Quantity(1, "cm").IsComparableTo(new Quantity(1, "s")));
        Assert.True(new Quantity(1, "cm").IsComparableTo(new Quantity(1, "[in_i]")));
    }

    [Fact]
    public void EquivalenceUsesTheLesserPrecision() =>
        Assert.True(Quantity.AreEquivalent(new Quantity(4, "g"), new Quantity(4040, "mg")));

    [Fact]
    public void ConversionToAnotherUnit()
    {
        Assert.Equal(2.5m, new Quantity(2500, "mg").ValueIn("g"));
        Assert.Equal(1.5m, new Quantity(90, "min").ValueIn("h"));
        Assert.Null(new Quantity(1, "mg").ValueIn("mL"));
    }

    [Fact]
    public void UnknownUnitsStillEqualThemselves() =>
        Assert.True(Quantity.AreEqual(new Quantity(3, "{tablets}x"), new Quantity(3, "{tablets}x")));

    [Fact]
    public void ToString_QuotesUcumButNotCalendarUnits()
    {
        Assert.Equal("1 'wk'", new Quantity(1, "wk").ToString());
        Assert.Equal("1 week", Quantity.Create(1, "weeks").ToString());
    }
}

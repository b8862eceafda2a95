using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>The clock (spec 5.9) and the 2.1 component functions (<c>yearOf()</c>, ...).</summary>
internal static class DateTimeFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        r.Add("now", 0, 0, c => [FromClock(c.Env.Run.Now, DateTimePrecision.Millisecond, TemporalKind.DateTime)], propagatesEmpty: false);
        r.Add("today", 0, 0, c => [FromClock(c.Env.Run.Now, DateTimePrecision.Day, TemporalKind.Date)], propagatesEmpty: false);
        r.Add("timeOfDay", 0, 0, c => [FromClock(c.Env.Run.Now, DateTimePrecision.Millisecond, TemporalKind.Time)], propagatesEmpty: false);
        Component(r, "yearOf", DateTimePrecision.Year, p => p.Year);
        Component(r, "monthOf", DateTimePrecision.Month, p => p.Month);
        Component(r, "dayOf", DateTimePrecision.Day, p => p.Day);
        Component(r, "hourOf", DateTimePrecision.Hour, p => p.Hour);
        Component(r, "minuteOf", DateTimePrecision.Minute, p => p.Minute);
        Component(r, "secondOf", DateTimePrecision.Second, p => p.Second);
        Component(r, "millisecondOf", DateTimePrecision.Millisecond, p => p.Millisecond);
        r.Add("timezoneOffsetOf", 0, 0, c => Temporal(c) is { Offset: { } off } ? [(decimal)off.TotalHours] : Empty);
        r.Add("dateOf", 0, 0, c => Temporal(c) is { Kind: not TemporalKind.Time } p
            ? [p.WithPrecision(p.Precision > DateTimePrecision.Day ? DateTimePrecision.Day : p.Precision, TemporalKind.Date, keepOffset: false)] : Empty);
        r.Add("timeOf", 0, 0, c => Temporal(c) is { Kind: TemporalKind.DateTime, Precision: >= DateTimePrecision.Hour } p
            ? [new PartialDateTime(TemporalKind.Time, p.Precision, hour: p.Hour, minute: p.Minute, second: p.Second, millisecond: p.Millisecond)] : Empty);
    }

    private static PartialDateTime FromClock(DateTimeOffset now, DateTimePrecision precision, TemporalKind kind) =>
        new(kind, precision, now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, now.Millisecond,
            kind == TemporalKind.DateTime ? now.Offset : null);

    private static PartialDateTime? Temporal(Invocation c) => ItemValues.ToOperand(c.SingleInput()!) as PartialDateTime;

    private static void Component(Registry r, string name, DateTimePrecision needed, Func<PartialDateTime, int> read) =>
        r.Add(name, 0, 0, c => Temporal(c) is { } p && p.Precision >= needed
            && (p.Kind != TemporalKind.Time || needed >= DateTimePrecision.Hour)
            && (p.Kind != TemporalKind.Date || needed <= DateTimePrecision.Day) ? [read(p)] : Empty);
}

namespace FhirPriorAuth.Browser.Tests.Infrastructure;

/// <summary>The payer's clock, moved by the test (review due times, overdue flags).</summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

using FhirPriorAuth.Policies.Decisions;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>The period a reviewer's approval gets when the reviewer states none: the policy's, as an automated approval would.</summary>
public sealed class DefaultPeriodTests
{
    [Fact]
    public void ACompleteRequest_GetsTheSamePeriodAsItsAutomatedApproval()
    {
        var authorized = DecisionEngine.Decide(Approvable(), Catalog).Authorization!;

        var period = DecisionEngine.DefaultPeriod(Approvable(), Catalog)!;

        Assert.Equal((authorized.Start, authorized.End), (period.Start, period.End));
        Assert.Equal("Authorized 2026-03-15 to 2026-09-14 (6 mo for commercial).", period.Text);
    }

    [Fact]
    public void APendedRequest_GetsThePeriodOfThePathwayItCanStillMeet()
    {
        var pended = Approvable("sstrImaging");
        Assert.Equal(ReviewAction.Pended, DecisionEngine.Decide(pended, Catalog).Action);

        var period = DecisionEngine.DefaultPeriod(pended, Catalog)!;

        Assert.Equal((DateOnly.Parse("2026-03-15"), DateOnly.Parse("2026-09-14")), (period.Start, period.End));
    }

    [Fact]
    public void PathwaysThatAgree_GiveTheirPeriod_EvenWhenEitherMayApply()
    {
        // Initial (6 mo for commercial) and continuation (6 mo for any line) are both open.
        var period = DecisionEngine.DefaultPeriod(Approvable("continuation", "sstrImaging"), Catalog)!;

        Assert.Equal(DateOnly.Parse("2026-09-14"), period.End);
    }

    [Fact]
    public void PathwaysThatDiffer_LeaveThePeriodToTheReviewer()
    {
        // Medicare: initial is 12 months capped at the 240 days requested, continuation 6 months.
        var open = Approvable("continuation", "sstrImaging", "lineOfBusiness").With(F("lineOfBusiness", "medicare"));

        Assert.Null(DecisionEngine.DefaultPeriod(open, Catalog));
    }

    [Fact]
    public void TheCapByRequestAppliesAsInAnAutomatedApproval()
    {
        var period = DecisionEngine.DefaultPeriod(Approvable("sstrImaging", "lineOfBusiness").With(F("lineOfBusiness", "medicare")), Catalog)!;

        Assert.Equal(DateOnly.Parse("2026-11-09"), period.End);
        Assert.Contains("capped at the requested period", period.Text);
    }

    [Fact]
    public void NoOpenPathwayOrNoPolicy_StatesNoPeriod()
    {
        Assert.Null(DecisionEngine.DefaultPeriod(Replacing(F("sstrImaging", "negative")), Catalog));
        Assert.Null(DecisionEngine.DefaultPeriod(Replacing(F("payer", "elsewhere")), Catalog));
    }
}

using System.Runtime.CompilerServices;
using FhirPriorAuth.FirelyCheck;

namespace FhirPriorAuth.Testing;

/// <summary>
/// Makes every <see cref="ProfileCheck"/> run in this test assembly also ask Firely's validator, over the same resources
/// and packages; its errors that are not one of its known limits fail the same assertions as the first judge's.
/// </summary>
internal static class FirelyJudgeRegistration
{
    [ModuleInitializer]
    internal static void Register() => ProfileCheck.SecondJudge = (resources, packages) =>
        FirelyJudge.Validate(resources, packages)
            .Where(f => f.IsError && FirelyLimits.Explain(f) is null)
            .Select(f => new ProfileCheck.Finding(f.Name, "", "", ProfileCheck.SecondJudgeProfile, f.Severity, f.Message, f.Expression))
            .ToList();
}

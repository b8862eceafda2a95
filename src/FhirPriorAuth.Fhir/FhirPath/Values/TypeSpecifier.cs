namespace FhirPriorAuth.Fhir.FhirPath.Values;

/// <summary>What <c>type()</c> returns: a namespace (<c>System</c> or <c>FHIR</c>) and a type name.</summary>
public sealed record TypeSpecifier(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}.{Name}";
}

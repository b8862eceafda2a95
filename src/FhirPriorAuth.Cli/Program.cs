namespace FhirPriorAuth.Cli;

/// <summary>The <c>fpa</c> command: tools for payer analysts and rule authors.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("fpa: no commands yet");
        return 1;
    }
}

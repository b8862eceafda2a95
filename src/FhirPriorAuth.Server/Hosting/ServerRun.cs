using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Hosting;

/// <summary>Runs the server, turning a refused configuration into one clear log line and a failing exit code.</summary>
public static partial class ServerRun
{
    public static void RunServer(this WebApplication app)
    {
        try
        {
            app.Run();
        }
        catch (OptionsValidationException refusal)
        {
            LogRefused(app.Logger, string.Join(" ", refusal.Failures));
            // Disposing flushes the console logger, which writes in the background; a crash would lose the line.
            ((IDisposable)app).Dispose();
            Environment.ExitCode = 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The server refuses to start: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}

using FhirPriorAuth.Server.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFhirStorage(builder.Configuration);

var app = builder.Build();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory tests.</summary>
public partial class Program;

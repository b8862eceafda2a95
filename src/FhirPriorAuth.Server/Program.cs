using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.Crd.Responses;
using FhirPriorAuth.Server.Dtr;
using FhirPriorAuth.Server.DtrApp;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Hosting;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.PolicyPages;
using FhirPriorAuth.Server.ReviewerUi;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.KeepRequestDetailsOutOfLogs();
builder.Services.AddFhirStorage(builder.Configuration);
builder.Services.AddFhirApi();
builder.Services.AddFhirAuth();
builder.Services.AddCdsHooks();
builder.Services.AddDtr();
builder.Services.AddPas();
builder.Services.AddSubscriptions();
builder.Services.AddCrdResponses();
builder.Services.AddDtrApp();
builder.Services.AddReviewerUi(builder.Configuration);

var app = builder.Build();
app.UseRequestLogging();
app.UseFhirErrorHandling();
app.UseRouting();
app.UseCors();
app.UseFhirAuth();
app.UseRouteIdChecks();
app.UseReviewerUi();
app.MapFhirApi();
app.MapCdsHooks();
app.MapDtr();
app.MapPas();
app.MapSubscriptions();
app.MapSmartBackendServices();
app.MapPolicyPages();
app.MapDtrApp();
app.MapReviewerUi();
app.RunServer();

/// <summary>Entry point, visible to WebApplicationFactory tests.</summary>
public partial class Program;

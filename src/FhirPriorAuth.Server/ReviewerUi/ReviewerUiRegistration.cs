using System.Security.Claims;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.ReviewerUi;

/// <summary>
/// The reviewer's page at <c>/reviewer/</c>: people sign in through the payer's OpenID Connect provider (authorization
/// code + PKCE); their roles become the review scopes (<c>system/Task.rs</c> read-only, <c>system/Task.rus</c> may decide)
/// on a cookie session the review API (<c>/review</c>) accepts beside bearer tokens. Every POST the cookie authenticates
/// carries an antiforgery token; every review response is <c>no-store</c>.
/// </summary>
public static partial class ReviewerUiRegistration
{
    public const string Base = "/reviewer";
    public const string CookieScheme = "ReviewerCookie";
    public const string OidcScheme = "ReviewerOidc";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddReviewerUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewerUiOptions>().BindConfiguration(ReviewerUiOptions.Section);
        services.AddSingleton<WebAssets>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "fpa-reviewer-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        var authentication = services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "fpa-reviewer";
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: the provider's redirect back is a cross-site navigation that must find the session.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // An API call without a session is a 401, never a redirect to the provider. The review API challenges the
            // bearer scheme too, whose OperationOutcome may already be written: then that answer stands.
            o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
        });
        var ui = configuration.GetSection(ReviewerUiOptions.Section).Get<ReviewerUiOptions>() ?? new ReviewerUiOptions();
        if (ui.Authority is { Length: > 0 })
            authentication.AddOpenIdConnect(OidcScheme, o => ConfigureOidc(o, ui));
        return services;
    }

    private static Task Status(HttpResponse response, int status)
    {
        if (!response.HasStarted)
            response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void ConfigureOidc(OpenIdConnectOptions o, ReviewerUiOptions ui)
    {
        o.Authority = ui.Authority;
        o.ClientId = ui.ClientId;
        o.ClientSecret = ui.ClientSecret;
        o.RequireHttpsMetadata = ui.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        // The code comes back on a top-level GET (not form_post), so the Lax correlation and nonce cookies travel with it,
        // and those cookies follow the request's scheme (a loopback http test server cannot keep Secure cookies).
        o.ResponseMode = "query";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SignInScheme = CookieScheme;
        o.CallbackPath = Base + "/signin-oidc";
        o.SignedOutCallbackPath = Base + "/signout-oidc";
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.TokenValidationParameters.NameClaimType = AccessTokens.ClientIdClaim;
        o.TokenValidationParameters.RoleClaimType = ui.RoleClaim;
        o.Events.OnTokenValidated = context =>
        {
            var identity = (ClaimsIdentity)context.Principal!.Identity!;
            var roles = identity.FindAll(ui.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var scope = roles.Overlaps(ui.DecideRoles) ? "system/Task.rus" : roles.Overlaps(ui.ReadRoles) ? "system/Task.rs" : null;
            if (scope is null)
            {
                context.Fail("the reviewer holds no review role");
                return Task.CompletedTask;
            }
            var who = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("email")?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
            identity.AddClaim(new Claim(AccessTokens.ClientIdClaim, "reviewer:" + who));
            identity.AddClaim(new Claim(AccessTokens.ScopeClaim, scope));
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect(Base + "/?signin=failed");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>Cache-Control no-store on every review response, and antiforgery on POSTs a reviewer's cookie authenticates.</summary>
    public static WebApplication UseReviewerUi(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/review", StringComparison.Ordinal)
                && !http.Request.Path.StartsWithSegments(Base, StringComparison.Ordinal))
            {
                await next(http);
                return;
            }
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            var cookieSession = http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey("fpa-reviewer");
            if (cookieSession && HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/review", StringComparison.Ordinal))
            {
                var session = await http.AuthenticateAsync(CookieScheme);
                if (session.Succeeded)
                    http.User = session.Principal!;
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await http.Response.WriteAsJsonAsync(new { resourceType = "OperationOutcome", issue = new[] { new { severity = "error", code = "forbidden", diagnostics = "missing or invalid antiforgery token" } } });
                    return;
                }
            }
            await next(http);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapReviewerUi(this IEndpointRouteBuilder endpoints)
    {
        var ui = endpoints.MapGroup(Base).AllowAnonymous();
        ui.MapGet("/", (HttpContext http, WebAssets assets) => Page(http, assets, "index.html"));
        ui.MapGet("/{file}", (string file, HttpContext http, WebAssets assets) => file == "index.html" ? Results.NotFound() : Page(http, assets, file));
        ui.MapGet("/login", (HttpContext http, IOptions<ReviewerUiOptions> options) => options.Value.Authority is { Length: > 0 }
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = Base + "/" }, [OidcScheme])
            : Results.Content("Reviewer sign-in is not configured (ReviewerUi:Authority).", "text/plain", statusCode: StatusCodes.Status404NotFound));
        ui.MapPost("/logout", Logout);
        ui.MapGet("/session", Session);
        return endpoints;
    }

    private static IResult Page(HttpContext http, WebAssets assets, string file)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return assets.File("reviewer/" + file, "no-store", http) ?? Results.NotFound();
    }

    /// <summary>Who is signed in, whether they may decide, and the antiforgery token their POSTs must carry.</summary>
    private static async Task<IResult> Session(HttpContext http, IAntiforgery antiforgery)
    {
        var session = await http.AuthenticateAsync(CookieScheme);
        if (!session.Succeeded)
            return Results.Json(new { signedIn = false });
        http.User = session.Principal!;
        var tokens = antiforgery.GetAndStoreTokens(http);
        var scope = http.User.FindFirst(AccessTokens.ScopeClaim)?.Value ?? "";
        return Results.Json(new
        {
            signedIn = true,
            name = http.User.FindFirst("name")?.Value ?? http.User.Identity?.Name,
            mayDecide = SmartScope.ParseList(scope).Any(s => s.ResourceType == "Task" && s.Permissions.Contains('u', StringComparison.Ordinal)),
            antiforgery = tokens.RequestToken,
        });
    }

    private static async Task<IResult> Logout(HttpContext http, IAntiforgery antiforgery)
    {
        var session = await http.AuthenticateAsync(CookieScheme);
        if (session.Succeeded)
        {
            http.User = session.Principal!;
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        await http.SignOutAsync(CookieScheme);
        return Results.Redirect(Base + "/");
    }
}

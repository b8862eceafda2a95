using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Pas.Pas201;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>PAS subscriptions (R5 Backport, rest-hook) with a durable notification outbox and its sender.</summary>
public static class SubscriptionRegistration
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxPurge>();
        // Replaces the no-op notifier AddPas registers when nobody listens.
        services.AddSingleton<IClaimResponseNotifier, SubscriptionNotifier>();
        services.AddHostedService<NotificationSender>();
        services.AddCapability<SubscriptionCapability>();
        // The PAS 2.0.1 base offers the same API with id-only notifications, declared on its own metadata.
        services.AddKeyedSingleton<ICapabilityContribution, SubscriptionCapability>(Pas201Routes.Base);
        // No redirects (the endpoint was checked, where it points to was not); no HttpClient logging (URLs may hold tokens).
        services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();
        return services;
    }

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup(FhirRoutes.Base)
            .AddEndpointFilter<ContentNegotiation>()
            .RequireAuthorization(AuthRegistration.FhirClientPolicy);
        SubscriptionEndpoints.Map(fhir, idOnly: false);
        SubscriptionEndpoints.Map(Pas201Routes.Group(endpoints), idOnly: true);
        return endpoints;
    }
}

/// <summary>PAS spec-55: Subscription with create, read, update, delete and search, the backport $status, and the topic (backport capabilitystatement-subscriptiontopic-canonical).</summary>
internal sealed class SubscriptionCapability : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.Resource("Subscription")
            .AddExtension(SubscriptionCodes.TopicCanonicalExtension, "valueCanonical", SubscriptionCodes.PasTopic)
            .AddInteraction("create").AddInteraction("read").AddInteraction("update").AddInteraction("delete").AddInteraction("search-type")
            .AddSearchParam("status", "token")
            .AddOperation("status", SubscriptionCodes.StatusOperation);
}

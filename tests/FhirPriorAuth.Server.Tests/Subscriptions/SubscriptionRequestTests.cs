using FhirPriorAuth.Server.Subscriptions;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>How a posted Subscription is read: payload content defaults, the 2.0.1 base's id-only, header lines.</summary>
public sealed class SubscriptionRequestTests
{
    [Fact]
    public void On_the_2_0_1_base_a_full_resource_request_becomes_id_only_and_the_resource_says_so()
    {
        var subscription = Subscription("https://subscriber.example.org/hook", "full-resource");

        var channel = SubscriptionRequest.Check(subscription, idOnly: true, new SubscriptionOptions());

        Assert.Equal("id-only", channel.Content);
        Assert.Equal("id-only", (string?)subscription["channel"]!["_payload"]!["extension"]![0]!["valueCode"]);
    }

    [Theory]
    [InlineData(false, "full-resource")]
    [InlineData(true, "id-only")]
    public void Without_a_payload_content_2_2_1_means_full_resource_and_2_0_1_id_only(bool idOnly, string expected)
    {
        var subscription = Subscription("https://subscriber.example.org/hook");
        subscription["channel"]!.AsObject().Remove("_payload");

        Assert.Equal(expected, SubscriptionRequest.Check(subscription, idOnly, new SubscriptionOptions()).Content);
    }

    [Fact]
    public void Header_lines_are_split_at_the_first_colon_and_filter_values_at_commas()
    {
        var subscription = Subscription("https://subscriber.example.org/hook", "full-resource", "Authorization: Bearer a:b");
        Filtered(subscription, "orgIdentifier=N123456,4543315");

        var channel = SubscriptionRequest.Check(subscription, idOnly: false, new SubscriptionOptions());

        Assert.Equal([new KeyValuePair<string, string>("Authorization", "Bearer a:b")], channel.Headers);
        Assert.Equal(["N123456", "4543315"], channel.FilterValues);
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_the_maximum()
    {
        var options = new SubscriptionOptions { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(30) };

        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(a => NotificationSender.RetryDelay(options, a).TotalSeconds));
    }
}

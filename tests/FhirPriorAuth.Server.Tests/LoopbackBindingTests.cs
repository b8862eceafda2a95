using FhirPriorAuth.Server.Auth;

namespace FhirPriorAuth.Server.Tests;

public sealed class LoopbackBindingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.8.9.10:5000", true)]
    [InlineData("https://localhost:5001", true)]
    [InlineData("http://LOCALHOST", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://[::1]", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://192.168.1.10:5000", false)]
    [InlineData("http://localhost.example.org:5000", false)]
    [InlineData("http://unix:/tmp/fhir.sock", false)]
    public void Given_AnAddress_When_Classified_Then_OnlyLoopbackCounts(string url, bool loopback) =>
        Assert.Equal(loopback, LoopbackBinding.IsLoopback(url));
}

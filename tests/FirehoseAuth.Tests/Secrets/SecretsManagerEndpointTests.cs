using Amazon;
using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.Secrets;

public sealed class SecretsManagerEndpointTests
{
    [Theory]
    [InlineData("us-east-1", false, "https://secretsmanager.us-east-1.amazonaws.com/")]
    [InlineData("eu-west-1", true, "https://secretsmanager-fips.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", false, "https://secretsmanager.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", true, "https://secretsmanager-fips.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-iso-east-1", false, "https://secretsmanager.us-iso-east-1.c2s.ic.gov/")]
    public void Default_endpoint_uses_the_region_and_its_partition_dns_suffix(string region, bool fips, string expected)
    {
        var options = new SecretsManagerOptions { Region = region, UseFipsEndpoint = fips };

        Assert.True(SecretsManagerEndpoint.TryResolve(options, _ => null, () => null, out var endpoint, out var signingRegion, out _));

        Assert.Equal(expected, endpoint.ToString());
        Assert.Equal(region, signingRegion.SystemName);
    }

    [Fact]
    public void Service_url_wins_over_the_environment()
    {
        var options = new SecretsManagerOptions { ServiceUrl = new Uri("http://127.0.0.1:4566/"), Region = "eu-west-1" };

        Assert.True(SecretsManagerEndpoint.TryResolve(options, Env(("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://other/")), () => null, out var endpoint, out var region, out _));

        Assert.Equal("http://127.0.0.1:4566/", endpoint.ToString());
        Assert.Equal("eu-west-1", region.SystemName);
    }

    [Fact]
    public void Service_specific_variable_wins_over_the_global_one()
    {
        var env = Env(("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm.local:1/"), ("AWS_ENDPOINT_URL", "http://all.local:2/"));

        Assert.True(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions { Region = "us-west-2" }, env, () => null, out var endpoint, out _, out _));

        Assert.Equal("http://sm.local:1/", endpoint.ToString());
    }

    [Fact]
    public void Endpoint_variables_are_ignored_when_asked_to()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://all.local:2/"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        Assert.True(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions { Region = "us-west-2" }, env, () => null, out var endpoint, out _, out _));

        Assert.Equal("https://secretsmanager.us-west-2.amazonaws.com/", endpoint.ToString());
    }

    [Fact]
    public void A_custom_endpoint_without_any_region_signs_for_us_east_1()
    {
        Assert.True(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions(), Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")), () => null, out _, out var region, out _));

        Assert.Equal("us-east-1", region.SystemName);
    }

    [Fact]
    public void The_region_chain_is_used_when_no_region_is_configured()
    {
        Assert.True(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions(), _ => null, () => RegionEndpoint.APNortheast1, out var endpoint, out _, out _));

        Assert.Equal("https://secretsmanager.ap-northeast-1.amazonaws.com/", endpoint.ToString());
    }

    [Fact]
    public void No_region_and_no_endpoint_is_an_error()
    {
        Assert.False(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions(), _ => null, () => null, out _, out _, out var error));

        Assert.Contains("region", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/")]
    public void An_endpoint_variable_that_is_not_an_http_url_is_an_error(string value)
    {
        Assert.False(SecretsManagerEndpoint.TryResolve(new SecretsManagerOptions { Region = "us-east-1" }, Env(("AWS_ENDPOINT_URL", value)), () => null, out _, out _, out var error));

        Assert.Contains("AWS_ENDPOINT_URL", error, StringComparison.Ordinal);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
        => name => variables.FirstOrDefault(v => v.Name == name).Value;
}

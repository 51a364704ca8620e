using System.Text;
using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.Secrets;

public sealed class SecretKeyReaderTests
{
    [Fact]
    public void Reads_the_api_key_field_by_default()
    {
        Assert.True(SecretKeyReader.TryReadKey(Secret("""{"api_key":"k-1","other":"x"}"""), new SecretsManagerOptions(), out var key, out _));
        Assert.Equal("k-1", key);
    }

    [Fact]
    public void Reads_a_configured_json_field()
    {
        Assert.True(SecretKeyReader.TryReadKey(Secret("""{"api_key":"no","firehose":"yes"}"""), new SecretsManagerOptions { JsonKey = "firehose" }, out var key, out _));
        Assert.Equal("yes", key);
    }

    [Fact]
    public void Uses_a_plain_secret_string_whole_when_configured()
    {
        Assert.True(SecretKeyReader.TryReadKey(Secret("plain-key"), new SecretsManagerOptions { UseWholeSecretString = true }, out var key, out _));
        Assert.Equal("plain-key", key);
    }

    [Fact]
    public void Reads_a_binary_secret_as_utf8_text()
    {
        var secret = new SecretValue { VersionId = "v", SecretBinary = Encoding.UTF8.GetBytes("""{"api_key":"b"}""") };

        Assert.True(SecretKeyReader.TryReadKey(secret, new SecretsManagerOptions(), out var key, out _));
        Assert.Equal("b", key);
    }

    [Fact]
    public void A_key_of_exactly_4096_bytes_is_accepted()
    {
        Assert.True(SecretKeyReader.TryReadKey(Secret(new string('k', 4096)), new SecretsManagerOptions { UseWholeSecretString = true }, out _, out _));
    }

    [Theory]
    [InlineData("not json SECRET", false, "not valid JSON")]
    [InlineData("\"SECRET\"", false, "not a JSON object")]
    [InlineData("""{"apikey":"SECRET"}""", false, "no field \"api_key\"")]
    [InlineData("""{"api_key":["SECRET"]}""", false, "not a string")]
    [InlineData("""{"api_key":""}""", false, "empty")]
    [InlineData("", true, "empty")]
    [InlineData("""{"api_key":"\uD800SECRET"}""", false, "not valid UTF-16")]
    public void Malformed_secrets_are_rejected_without_quoting_them(string secretString, bool whole, string reason)
    {
        Assert.False(SecretKeyReader.TryReadKey(Secret(secretString), new SecretsManagerOptions { UseWholeSecretString = whole }, out var key, out var error));

        Assert.Null(key);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_longer_than_4096_utf8_bytes_is_rejected()
    {
        var key = new string('é', 2049); // 4098 UTF-8 bytes, 2049 characters

        Assert.False(SecretKeyReader.TryReadKey(Secret(key), new SecretsManagerOptions { UseWholeSecretString = true }, out _, out var error));

        Assert.Contains("4098", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_with_neither_string_nor_binary_is_rejected()
    {
        Assert.False(SecretKeyReader.TryReadKey(new SecretValue { VersionId = "v" }, new SecretsManagerOptions(), out _, out var error));
        Assert.NotNull(error);
    }

    private static SecretValue Secret(string secretString) => new() { VersionId = "v", SecretString = secretString };
}

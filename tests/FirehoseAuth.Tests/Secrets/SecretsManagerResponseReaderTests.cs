using System.Text;
using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.Secrets;

public sealed class SecretsManagerResponseReaderTests
{
    [Fact]
    public void Reads_every_field_of_a_get_secret_value_answer()
    {
        var body = """{"ARN":"arn:a","Name":"n","VersionId":"v-1","SecretString":"s","SecretBinary":"AAEC","VersionStages":["AWSCURRENT","x"],"CreatedDate":1.523477145713E9}""";

        Assert.True(SecretsManagerResponseReader.TryReadSecretValue(Encoding.UTF8.GetBytes(body), out var value, out _));

        Assert.Equal("arn:a", value.Arn);
        Assert.Equal("n", value.Name);
        Assert.Equal("v-1", value.VersionId);
        Assert.Equal("s", value.SecretString);
        Assert.Equal(new byte[] { 0, 1, 2 }, value.SecretBinary!.Value.ToArray());
        Assert.Equal(["AWSCURRENT", "x"], value.VersionStages);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_523_477_145_713), value.CreatedDate);
    }

    [Theory]
    [InlineData("""{"ARN":"a","SecretString":"TOPSECRET","CreatedDate":1}""", "no VersionId")]
    [InlineData("""{"VersionId":"v","SecretString":"TOPSECRET"}""", "CreatedDate")]
    [InlineData("""{"VersionId":"v","SecretString":"TOPSECRET","CreatedDate":"soon"}""", "CreatedDate")]
    [InlineData("""{"VersionId":"v","SecretString":42,"CreatedDate":1}""", "wrong type")]
    [InlineData("""{"VersionId":"v","SecretBinary":"%%%","CreatedDate":1}""", "base64")]
    [InlineData("""{"VersionId":"v","SecretString":"TOPSECRET""", "not valid JSON")]
    [InlineData("""[]""", "not a JSON object")]
    [InlineData("""{"VersionId":"v","SecretString":"\uD800TOPSECRET","CreatedDate":1}""", "not valid UTF-16")]
    public void Malformed_answers_are_rejected_without_quoting_the_body(string body, string reason)
    {
        Assert.False(SecretsManagerResponseReader.TryReadSecretValue(Encoding.UTF8.GetBytes(body), out var value, out var error));

        Assert.Null(value);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"gone"}""", null, "ResourceNotFoundException", "gone")]
    [InlineData("""{"__type":"AccessDeniedException:http://internal.amazon.com/coral/","Message":"no"}""", null, "AccessDeniedException", "no")]
    [InlineData("""{"__type":"aws.protocoltests#ThrottlingException:http://x"}""", null, "ThrottlingException", "Secrets Manager answered HTTP 400.")]
    [InlineData("<html>oops</html>", "InternalFailure:http://x", "InternalFailure", "Secrets Manager answered HTTP 400.")]
    [InlineData("", null, "Http400", "Secrets Manager answered HTTP 400.")]
    [InlineData("""{"__type":"\uD800","message":"m"}""", "Throttling", "Throttling", "Secrets Manager answered HTTP 400.")]
    public void Error_type_loses_its_namespace_and_suffix(string body, string? header, string expectedType, string expectedMessage)
    {
        var (type, message) = SecretsManagerResponseReader.ReadError(Encoding.UTF8.GetBytes(body), header, 400);

        Assert.Equal(expectedType, type);
        Assert.Equal(expectedMessage, message);
    }
}

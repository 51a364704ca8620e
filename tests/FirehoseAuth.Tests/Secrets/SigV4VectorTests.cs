using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>
/// Both directions against <c>sigv4/secretsmanager-vectors.json</c> (signed by the AWS SDK for JavaScript): the client's
/// signing (AWSSDK.Core) and the fake's hand-written verifier must reproduce every expected <c>Authorization</c>.
/// </summary>
public sealed class SigV4VectorTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        if (TestData.SharedFolder is null)
        {
            data.Add("(shared test data absent)");
            return data;
        }

        foreach (var vector in LoadAll())
        {
            data.Add(vector.Name);
        }

        return data;
    }

    [SharedDataFact]
    public void The_vector_file_holds_five_vectors() => Assert.Equal(5, LoadAll().Count);

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public async Task Client_signing_reproduces_the_expected_authorization(string name)
    {
        var v = Load(name);

        using var request = await SecretsManagerClient.CreateSignedRequestAsync(
            v.Uri, v.Target, v.Body, v.Credentials.ToSdk(), RegionEndpoint.GetBySystemName(v.Region), v.SignedAt, CancellationToken.None);

        Assert.Equal(v.ExpectedAuthorization, Single(request, "Authorization"));
        Assert.Equal(v.ExpectedAmzDate, Single(request, "X-Amz-Date"));
        Assert.Equal(v.ExpectedContentSha256, Single(request, "X-Amz-Content-SHA256"));
        Assert.Equal(v.ExpectedSecurityToken, request.Headers.TryGetValues("X-Amz-Security-Token", out var token) ? token.Single() : null);
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.GetValues("Content-Type").Single());
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public async Task The_fake_verifier_accepts_the_request_the_client_signs(string name)
    {
        var v = Load(name);
        using var request = await SecretsManagerClient.CreateSignedRequestAsync(
            v.Uri, v.Target, v.Body, v.Credentials.ToSdk(), RegionEndpoint.GetBySystemName(v.Region), v.SignedAt, CancellationToken.None);
        var headers = request.Headers.SelectMany(h => h.Value.Select(x => new KeyValuePair<string, string>(h.Key, x)))
            .Concat(request.Content!.Headers.SelectMany(h => h.Value.Select(x => new KeyValuePair<string, string>(h.Key, x))))
            .Append(new("Host", request.RequestUri!.Authority))
            .ToList();

        var result = SigV4Verifier.Verify(new SigV4Request("POST", "/", string.Empty, headers, v.Body), _ => v.Credentials, v.Region, v.Service, v.SignedAt);

        Assert.True(result.IsValid, result.Message);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_computes_the_expected_authorization(string name)
    {
        var v = Load(name);

        var authorization = SigV4Verifier.ComputeAuthorization(v.SignedRequest(), v.SignedHeaders, v.Credentials, v.ExpectedAmzDate, v.Region, v.Service);

        Assert.Equal(v.ExpectedAuthorization, authorization);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_accepts_each_vector_at_its_signing_time(string name)
    {
        var v = Load(name);

        var result = SigV4Verifier.Verify(v.SignedRequest(), Lookup(v), v.Region, v.Service, v.SignedAt);

        Assert.True(result.IsValid, result.Message);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_rejects_each_vector_with_one_body_byte_changed(string name)
    {
        var v = Load(name);
        var body = (byte[])v.Body.Clone();
        body[^2] ^= 0x01;

        var result = SigV4Verifier.Verify(v.SignedRequest() with { Body = body }, Lookup(v), v.Region, v.Service, v.SignedAt);

        Assert.False(result.IsValid);
        Assert.Equal("InvalidSignatureException", result.ErrorType);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_rejects_each_vector_with_one_byte_of_a_signed_header_changed(string name)
    {
        var v = Load(name);
        var request = v.SignedRequest();
        var headers = request.Headers.Select(h => h.Key == "x-amz-target" ? new KeyValuePair<string, string>(h.Key, h.Value[..^1] + (char)(h.Value[^1] ^ 1)) : h).ToList();

        var result = SigV4Verifier.Verify(request with { Headers = headers }, Lookup(v), v.Region, v.Service, v.SignedAt);

        Assert.False(result.IsValid);
        Assert.Equal("InvalidSignatureException", result.ErrorType);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_rejects_each_vector_with_one_byte_of_the_date_changed(string name)
    {
        var v = Load(name);
        var request = v.SignedRequest();
        // The seconds' last digit: the credential scope's day still matches, so only the signature can catch it.
        var changedDate = v.ExpectedAmzDate[..^2] + (char)(v.ExpectedAmzDate[^2] ^ 1) + "Z";
        var headers = request.Headers.Select(h => h.Key == "x-amz-date" ? new KeyValuePair<string, string>(h.Key, changedDate) : h).ToList();

        var result = SigV4Verifier.Verify(request with { Headers = headers }, Lookup(v), v.Region, v.Service, v.SignedAt);

        Assert.False(result.IsValid);
        Assert.Equal("InvalidSignatureException", result.ErrorType);
    }

    [SharedDataTheory]
    [MemberData(nameof(VectorNames))]
    public void The_fake_verifier_rejects_each_vector_more_than_five_minutes_later_as_expired(string name)
    {
        var v = Load(name);

        var result = SigV4Verifier.Verify(v.SignedRequest(), Lookup(v), v.Region, v.Service, v.SignedAt + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.False(result.IsValid);
        Assert.Equal("InvalidSignatureException", result.ErrorType);
        Assert.StartsWith("Signature expired: " + v.ExpectedAmzDate + " is now earlier than ", result.Message, StringComparison.Ordinal);
    }

    private static Func<string, AwsTestCredentials?> Lookup(Vector v) => id => id == v.Credentials.AccessKeyId ? v.Credentials : null;

    private static string Single(HttpRequestMessage request, string header) => request.Headers.GetValues(header).Single();

    private static Vector Load(string name) => LoadAll().Single(v => v.Name == name);

    private static List<Vector> LoadAll()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestData.PathOf("sigv4", "secretsmanager-vectors.json")));
        return [.. document.RootElement.GetProperty("vectors").EnumerateArray().Select(Vector.From)];
    }

    private sealed record Vector(
        string Name,
        IReadOnlyList<KeyValuePair<string, string>> Headers,
        byte[] Body,
        AwsTestCredentials Credentials,
        string Region,
        string Service,
        string ExpectedAuthorization,
        string ExpectedAmzDate,
        string? ExpectedSecurityToken,
        string ExpectedContentSha256)
    {
        public string Host => Headers.Single(h => h.Key == "host").Value;

        public string Target => Headers.Single(h => h.Key == "x-amz-target").Value;

        public Uri Uri => new((Host.StartsWith("127.0.0.1", StringComparison.Ordinal) ? "http://" : "https://") + Host + "/");

        public DateTimeOffset SignedAt => DateTimeOffset.ParseExact(ExpectedAmzDate, SigV4Verifier.AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public IReadOnlyList<string> SignedHeaders
        {
            get
            {
                var start = ExpectedAuthorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
                return ExpectedAuthorization[start..ExpectedAuthorization.IndexOf(',', start)].Split(';');
            }
        }

        public static Vector From(JsonElement e)
        {
            var request = e.GetProperty("request");
            var credentials = e.GetProperty("credentials");
            var expected = e.GetProperty("expected");
            return new Vector(
                e.GetProperty("name").GetString()!,
                [.. request.GetProperty("headers").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))],
                Encoding.UTF8.GetBytes(request.GetProperty("body").GetString()!),
                new AwsTestCredentials(credentials.GetProperty("accessKeyId").GetString()!, credentials.GetProperty("secretAccessKey").GetString()!, credentials.GetProperty("sessionToken").GetString()),
                e.GetProperty("region").GetString()!,
                e.GetProperty("service").GetString()!,
                expected.GetProperty("authorization").GetString()!,
                expected.GetProperty("x-amz-date").GetString()!,
                expected.GetProperty("x-amz-security-token").GetString(),
                expected.GetProperty("x-amz-content-sha256").GetString()!);
        }

        /// <summary>The request exactly as sent: its headers plus the signature headers.</summary>
        public SigV4Request SignedRequest()
        {
            var headers = Headers.ToList();
            headers.Add(new("x-amz-date", ExpectedAmzDate));
            headers.Add(new("authorization", ExpectedAuthorization));
            if (ExpectedSecurityToken is not null)
            {
                headers.Add(new("x-amz-security-token", ExpectedSecurityToken));
            }

            return new SigV4Request("POST", "/", string.Empty, headers, Body);
        }
    }
}

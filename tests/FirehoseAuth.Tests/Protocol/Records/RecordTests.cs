using System.Text;

namespace FirehoseAuth.Tests.Protocol;

public sealed class RecordTests
{
    [Fact]
    public async Task Records_are_decoded_in_order()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.With("one"u8.ToArray(), "two"u8.ToArray(), "three"u8.ToArray()));
        Assert.Equal(["one", "two", "three"], delivery.Records.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task An_empty_data_string_is_an_empty_record()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson("[{\"data\":\"\"},{\"data\":\"aGk=\"}]")));
        Assert.Empty(delivery.Records[0]);
        Assert.Equal("hi"u8.ToArray(), delivery.Records[1]);
    }

    [Fact]
    public async Task A_body_without_records_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"timestamp\":1}"));
        Assert.Equal(FirehoseErrorCode.MissingRecords, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("\"aGk=\"")]
    public async Task Records_that_are_not_a_non_empty_array_are_refused_with_400(string records)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson(records)));
        Assert.Equal(FirehoseErrorCode.MissingRecords, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("[{}]")]
    [InlineData("[{\"Data\":\"aGk=\"}]")]
    [InlineData("[{\"data\":\"aGk=\"},{\"other\":\"aGk=\"}]")]
    public async Task A_record_without_data_is_refused_with_400(string records)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson(records)));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("[\"aGk=\"]")]
    [InlineData("[[]]")]
    [InlineData("[null]")]
    public async Task A_record_that_is_not_an_object_is_refused_with_400(string records)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson(records)));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[\"aGk=\"]")]
    public async Task Data_that_is_not_a_string_is_refused_with_400(string data)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson($"[{{\"data\":{data}}}]")));
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("aGk")]
    [InlineData("aGk=a")]
    [InlineData("a=Gk")]
    [InlineData("aG!=")]
    [InlineData("aGk=aGk=")]
    [InlineData("aGVsbG8-")]
    [InlineData("aGVsbG8_")]
    public async Task Data_that_is_not_base64_is_refused_with_400(string data)
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson($"[{{\"data\":\"aGk=\"}},{{\"data\":\"{data}\"}}]")));
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Record 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aG k=")]
    [InlineData(" aGk=")]
    [InlineData("aGk= ")]
    [InlineData("aGk=\\n")]
    [InlineData("aG\\r\\nk=")]
    [InlineData("aGVs\\tbG8=")]
    public async Task Data_with_whitespace_inside_the_base64_is_refused_with_400(string data)
    {
        // Regression: the general parser let Base64.DecodeFromUtf8 skip whitespace and accepted such records.
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson($"[{{\"data\":\"{data}\"}}]")));
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_long_record_that_is_not_base64_near_its_end_is_refused_with_400()
    {
        var data = Convert.ToBase64String(new byte[3000])[..^8] + "!!!!AAAA";
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson($"[{{\"data\":\"{data}\"}}]")));
        Assert.Equal(FirehoseErrorCode.InvalidRecordData, error.Code);
    }

    [Fact]
    public async Task Json_escapes_inside_base64_are_unescaped_before_decoding()
    {
        // "???" encodes to "Pz8/"; the slash may be sent escaped, and any character as \\u escape.
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson("[{\"data\":\"Pz8\\/\"},{\"data\":\"\\u0061\\u0047k=\"}]")));
        Assert.Equal("???"u8.ToArray(), delivery.Records[0]);
        Assert.Equal("hi"u8.ToArray(), delivery.Records[1]);
    }

    [Fact]
    public async Task A_raw_newline_inside_a_data_string_is_invalid_json()
    {
        var long64 = Convert.ToBase64String(new byte[600]);
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson($"[{{\"data\":\"{long64[..300]}\n{long64[300..]}\"}}]")));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_in_records_are_ignored()
    {
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson("[{\"id\":1,\"data\":\"aGk=\",\"meta\":{\"a\":[1,2,{\"b\":null}]}}]")));
        Assert.Equal("hi"u8.ToArray(), delivery.Records.Single());
    }

    [Fact]
    public async Task A_duplicate_data_field_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw(FirehoseBody.WithRecordsJson("[{\"data\":\"aGk=\",\"data\":\"aGk=\"}]")));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_records_field_is_refused_with_400()
    {
        var error = await Parse.FailsAsync(FirehoseBody.Raw("{\"requestId\":\"a\",\"timestamp\":1,\"records\":[{\"data\":\"aGk=\"}],\"records\":[{\"data\":\"aGk=\"}]}"));
        Assert.Equal(FirehoseErrorCode.MalformedBody, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Pretty_printed_bodies_are_accepted()
    {
        var body = "{\r\n  \"records\" : [\n\t{ \"data\" : \"aGk=\" } ,\n\t{\"data\":\"aGVsbG8=\"}\n  ] ,\n  \"timestamp\" : 1 ,\n  \"requestId\" : \"a\"\n}\n";
        var delivery = await Parse.SucceedsAsync(FirehoseBody.Raw(body));
        Assert.Equal(["hi", "hello"], delivery.Records.Select(Encoding.UTF8.GetString));
        Assert.Equal("a", delivery.RequestId);
    }
}

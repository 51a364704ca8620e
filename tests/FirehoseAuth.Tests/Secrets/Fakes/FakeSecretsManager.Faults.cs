using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FirehoseAuth.Tests.Secrets.Fakes;

public sealed partial class FakeSecretsManager
{
    private static (string? SecretId, string? VersionStage) PeekRequest(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (
                root.TryGetProperty("SecretId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                root.TryGetProperty("VersionStage", out var stage) && stage.ValueKind == JsonValueKind.String ? stage.GetString() : "AWSCURRENT");
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private (FakeFault Fault, int StatusCode, string? ErrorType, string? Message) TakeFault()
    {
        lock (_lock)
        {
            if (_fault.Remaining <= 0 || (_fault.Fault == FakeFault.None && _fault.ErrorType is null))
            {
                return (FakeFault.None, 0, null, null);
            }

            if (_fault.Remaining != int.MaxValue)
            {
                _fault.Remaining--;
            }

            return (_fault.Fault, _fault.StatusCode, _fault.ErrorType, _fault.Message);
        }
    }

    private async Task<(int Status, string? ErrorType)> AnswerFaultAsync(HttpContext context, (FakeFault Fault, int StatusCode, string? ErrorType, string? Message) fault)
    {
        switch (fault.Fault)
        {
            case FakeFault.ServiceUnavailable:
                context.Response.StatusCode = 503;
                return (503, null);
            case FakeFault.InternalServiceError:
                await WriteErrorAsync(context, 500, "InternalServiceError", "An error occurred on the server side.");
                return (500, "InternalServiceError");
            case FakeFault.Throttling:
                await WriteErrorAsync(context, 400, "ThrottlingException", "Rate exceeded");
                return (400, "ThrottlingException");
            case FakeFault.ConnectionReset:
                context.Abort();
                return (0, null);
            case FakeFault.MalformedResponse:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-amz-json-1.1";
                await context.Response.WriteAsync("{\"ARN\":\"arn:aws:secretsmanager:");
                return (200, null);
            case FakeFault.Redirect:
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = new Uri(Endpoint, RedirectPath).ToString();
                return (307, null);
            default:
                await WriteErrorAsync(context, fault.StatusCode, fault.ErrorType!, fault.Message ?? string.Empty);
                return (fault.StatusCode, fault.ErrorType);
        }
    }
}

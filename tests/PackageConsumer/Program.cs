using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FirehoseAuth.Protocol;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// A consumer of the FirehoseAuth packages: maps the endpoint, starts on 127.0.0.1 (port 0), sends one delivery and
// exits 0 only when it was answered 200 and the handler saw the record.
const string key = "package-consumer-key";
const string text = "hello from the packages";
var requestId = Guid.NewGuid().ToString();

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0").ConfigureKestrel(o => o.ConfigureForFirehose());
builder.Logging.ClearProviders();
builder.Services.AddFirehoseAuth(o => o.AccessKey = key);

var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
await using var app = builder.Build();
app.MapFirehoseEndpoint("/firehose", (delivery, _) =>
{
    seen.TrySetResult(Encoding.UTF8.GetString(delivery.Records[0].Span));
    return ValueTask.CompletedTask;
});
await app.StartAsync();

using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
var body = $"{{\"requestId\":\"{requestId}\",\"timestamp\":1700000000000,\"records\":[{{\"data\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}\"}}]}}";
using var request = new HttpRequestMessage(HttpMethod.Post, "/firehose") { Content = new StringContent(body) };
request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
request.Headers.Add("X-Amz-Firehose-Request-Id", requestId);
request.Headers.Add("X-Amz-Firehose-Access-Key", key);
using var response = await client.SendAsync(request);
var answer = await response.Content.ReadAsStringAsync();
await app.StopAsync();

var handlerSaw = seen.Task.IsCompletedSuccessfully ? seen.Task.Result : null;
Console.WriteLine($"FirehoseAuth from {typeof(FirehoseDelivery).Assembly.Location}");
Console.WriteLine($"status {(int)response.StatusCode}, answer {answer}, handler saw '{handlerSaw}'");
var ok = response.StatusCode == HttpStatusCode.OK && handlerSaw == text && answer.Contains(requestId, StringComparison.Ordinal);
Console.WriteLine(ok ? "package consumer: OK" : "package consumer: FAILED");
return ok ? 0 : 1;

using System.Text;
using FirehoseAuth.Protocol;
using FirehoseAuth.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// A consumer of the FirehoseAuth packages: maps the endpoint (FirehoseAuth, FirehoseAuth.AspNetCore), starts on
// 127.0.0.1 (port 0), sends one gzip'd delivery with FirehoseSender (FirehoseAuth.Testing) and exits 0 only when the
// sender judged it Delivered (200 and every response rule) and the handler saw the record.
const string key = "package-consumer-key";
const string text = "hello from the packages";

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

using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = Timeout.InfiniteTimeSpan };
var options = new FirehoseSenderOptions { ResponseTimeout = TimeSpan.FromSeconds(30), RetryDuration = TimeSpan.Zero };
var sender = new FirehoseSender(client, new Uri("/firehose", UriKind.Relative), _ => key, options);
var outcome = await sender.SendAsync(new SimulatedDelivery(FirehoseRecords.FromStrings(text)) { Gzip = true });
await app.StopAsync();

var handlerSaw = seen.Task.IsCompletedSuccessfully ? seen.Task.Result : null;
Console.WriteLine($"FirehoseAuth from {typeof(FirehoseDelivery).Assembly.Location}");
Console.WriteLine($"FirehoseAuth.Testing from {typeof(FirehoseSender).Assembly.Location}");
Console.WriteLine($"{outcome}; handler saw '{handlerSaw}'");
var ok = outcome.Verdict == FirehoseDeliveryVerdict.Delivered && handlerSaw == text;
Console.WriteLine(ok ? "package consumer: OK" : "package consumer: FAILED");
return ok ? 0 : 1;

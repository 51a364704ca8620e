using FirehoseReceiver;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// A runnable Firehose HTTP-endpoint receiver: POST /firehose, GET /healthz, one NDJSON line per record on stdout,
// logs on stderr. Listens on http://127.0.0.1:5080 unless --urls / ASPNETCORE_URLS / URLS say otherwise.
// Content root = the build output, so appsettings.json (with the demo key) is found from any working directory.
// A bad setting stops start-up with one readable block on stderr and exit code 78 (--verbose adds the stack trace).
var startup = new StartupErrors(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = startup.Args, ContentRootPath = AppContext.BaseDirectory });

// appsettings.json must not carry "Urls": it would override ASPNETCORE_URLS. Default only when nothing was given.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]) && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// Standard output is the data channel; every log line goes to standard error.
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

// Firehose may send up to ~200 KiB of headers (4 KiB key + 50 common attributes); Kestrel's default is 32 KiB.
builder.WebHost.ConfigureKestrel(options => options.ConfigureForFirehose());

// FirehoseAuth:AccessKey (the demo key in appsettings.json), or FirehoseAuth:SecretsManager:SecretId to use AWS
// Secrets Manager instead (e.g. FirehoseAuth__SecretsManager__SecretId=my-secret plus the usual AWS environment).
// Every FirehoseAuth:Streams:{name} section is one more stream, at /firehose/{name}.
var streams = ReceiverStreams.Add(builder.Services, builder.Configuration);

// Receiver:RecordFormat (raw, cloudwatch-logs, cloudwatch-metrics-json, cloudwatch-metrics-otel, auto) decodes the
// records before writing them; Receiver:Streams:{name}:RecordFormat sets a named stream's own.
var formats = ReceiverFormats.Read(builder.Configuration, streams);
builder.Services.AddHealthChecks().AddFirehoseAuthKeys();
builder.Services.AddSingleton(new NdjsonRecordWriter(Console.OpenStandardOutput()));

var app = builder.Build();
var output = app.Services.GetRequiredService<NdjsonRecordWriter>();
ReceiverStreams.Map(app, streams, output, formats);
app.MapHealthChecks("/healthz");
return startup.Run(app, formats.Problems);

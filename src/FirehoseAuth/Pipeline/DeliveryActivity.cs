using System.Diagnostics;
using FirehoseAuth.Authentication;
using FirehoseAuth.Diagnostics;

namespace FirehoseAuth.Pipeline;

/// <summary>
/// Tags of the one activity per delivery (source <see cref="FirehoseAuthDiagnostics.ActivitySourceName"/>), named
/// after OpenTelemetry's messaging and HTTP semantic conventions where one fits. With no listener there is no
/// activity and each call is a null check. Never a key; the request id and source ARN are not secrets.
/// </summary>
internal static class DeliveryActivity
{
    /// <summary>
    /// The messaging operation: Firehose pushes each delivery and the handler processes it, so it is <c>process</c>
    /// (a consumer span), not <c>receive</c> (which the conventions keep for a consumer that pulls).
    /// </summary>
    public const string Operation = "process";

    /// <summary>The activity's name, <c>{operation} {destination}</c> as the messaging conventions name spans.</summary>
    public static string Name(string stream) => Operation + " " + stream;

    public static void Started(Activity? activity, string stream, string? requestId, string? sourceArn)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.system", "aws_firehose");
        activity.SetTag("messaging.operation.type", Operation);
        activity.SetTag("messaging.operation.name", Operation);
        activity.SetTag("messaging.destination.name", stream);
        activity.SetTag("messaging.message.id", requestId);
        activity.SetTag("cloud.resource_id", sourceArn);
    }

    public static void Authenticated(Activity? activity, AccessKeyValidationResult outcome)
        => activity?.SetTag("firehoseauth.authentication.outcome", FirehoseAuthMetrics.OutcomeName(outcome));

    public static void Parsed(Activity? activity, int recordCount, long recordBytes)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.batch.message_count", recordCount);
        activity.SetTag("firehoseauth.record_bytes", recordBytes);
    }

    public static void Duplicate(Activity? activity)
        => activity?.SetTag("firehoseauth.deduplication.outcome", "duplicate");

    public static void HandlerFailed(Activity? activity, Exception exception)
        => activity?.AddException(exception);

    public static void Answered(Activity? activity, int statusCode, FirehoseError? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", FirehoseAuthMetrics.BoxedStatusCode(statusCode));
        if (error is not null)
        {
            activity.SetTag("error.type", error.Code.ToString());
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }
}

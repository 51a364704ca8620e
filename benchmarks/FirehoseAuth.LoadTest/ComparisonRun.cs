namespace FirehoseAuth.LoadTest;

/// <summary>One fresh process of one side under load: what the driver measured, and its start-up figures.</summary>
internal sealed record ComparisonRun(LoadResult Result, TimeSpan StartToFirst200, long IdleRssKiB);

namespace FirehoseAuth.Tests.Authentication;

/// <summary>Tests that measure time run alone, after the parallel tests, so the suite's own load does not disturb them.</summary>
[CollectionDefinition(nameof(TimingSensitiveCollection), DisableParallelization = true)]
public sealed class TimingSensitiveCollection;

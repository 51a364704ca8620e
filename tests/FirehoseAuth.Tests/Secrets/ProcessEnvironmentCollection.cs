namespace FirehoseAuth.Tests.Secrets;

/// <summary>Tests that change process-wide environment variables run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

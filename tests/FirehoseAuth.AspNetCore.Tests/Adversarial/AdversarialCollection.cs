namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// The hostile-input and load tests run alone (after the parallel collections), one class at a time: they assert on
/// process-wide counters (pooled buffers, deliveries) and on the managed heap, which other tests would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AdversarialCollection
{
    public const string Name = "Adversarial (runs alone)";
}

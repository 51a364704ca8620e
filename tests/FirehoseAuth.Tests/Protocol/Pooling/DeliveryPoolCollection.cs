namespace FirehoseAuth.Tests.Protocol;

/// <summary>
/// Tests that observe the process-wide pool of <see cref="FirehoseAuth.Protocol.FirehoseDelivery"/> instances (reuse,
/// steady-state allocation) run alone: a test running in parallel would take instances from the same pool.
/// </summary>
[CollectionDefinition(nameof(DeliveryPoolCollection), DisableParallelization = true)]
public sealed class DeliveryPoolCollection;

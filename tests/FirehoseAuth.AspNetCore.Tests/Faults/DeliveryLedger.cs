using System.Collections.Concurrent;

namespace FirehoseAuth.AspNetCore.Tests.Faults;

/// <summary>
/// Every answer a scenario received, by whether the key presented was legitimate (the secret's <c>AWSCURRENT</c>, or its
/// <c>AWSPREVIOUS</c> inside the rotation window) and whether the receiver had loaded its first key set when the
/// delivery was sent.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly ConcurrentQueue<(bool Legitimate, bool AfterFirstLoad, int Status, string What)> _answers = new();

    public void Record(bool legitimate, bool afterFirstLoad, int status, string what) => _answers.Enqueue((legitimate, afterFirstLoad, status, what));

    public int Total => _answers.Count;

    /// <summary>Gets the legitimate deliveries answered 503 before the first key load (Firehose retries them).</summary>
    public int RefusedBeforeFirstLoad => _answers.Count(a => a.Legitimate && !a.AfterFirstLoad && a.Status != 200);

    /// <summary>Asserts the scenario's invariants: never 200 without a legitimate key; after the first load, 200 for every legitimate key.</summary>
    public void AssertInvariants(int expectedLegitimate, int expectedUnauthenticated)
    {
        var answers = _answers.ToArray();
        Assert.Equal(expectedLegitimate, answers.Count(a => a.Legitimate));
        Assert.Equal(expectedUnauthenticated, answers.Count(a => !a.Legitimate));
        Assert.All(answers.Where(a => !a.Legitimate), a => Assert.True(a.Status is 401 or 503, $"unauthenticated delivery ({a.What}) answered {a.Status}"));
        Assert.All(answers.Where(a => a.Legitimate && a.AfterFirstLoad), a => Assert.True(a.Status == 200, $"legitimate delivery ({a.What}) answered {a.Status} after the first key load"));
        Assert.All(answers.Where(a => a.Legitimate && !a.AfterFirstLoad), a => Assert.True(a.Status is 200 or 503, $"legitimate delivery ({a.What}) answered {a.Status} before the first key load"));
    }

    public override string ToString()
        => string.Join(", ", _answers.GroupBy(a => (a.Legitimate, a.AfterFirstLoad, a.Status)).OrderBy(g => g.Key.ToString()).Select(g => $"{(g.Key.Legitimate ? "legit" : "unauth")}/{(g.Key.AfterFirstLoad ? "loaded" : "cold")}/{g.Key.Status}={g.Count()}"));
}

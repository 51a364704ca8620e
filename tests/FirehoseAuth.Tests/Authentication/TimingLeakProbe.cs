using System.Diagnostics;

namespace FirehoseAuth.Tests.Authentication;

/// <summary>
/// A dudect-style timing-leak detector (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", 2017): time
/// many single calls on two classes of input in random interleaved order, drop the samples that were interrupted
/// (context switches, other builds on the machine), and compare the two classes' means with Welch's t statistic. A large
/// |t| means the time depends on which class the input belongs to.
/// </summary>
/// <remarks>
/// Every input is copied into one pinned buffer before its timed call, so all calls read the same, cache-hot address.
/// Timing each input at its own address measures where the allocator put it instead: copying a string to a stack
/// buffer runs hundreds of nanoseconds slower for some source addresses (4 KiB aliasing between loads and stores), and
/// with a handful of inputs per class that alone gave |t| ≈ 50 on identical code.
/// Outliers are cut far above each class's own median rather than at a percentile of all samples: a pooled percentile
/// cuts into the body of whichever class has the wider spread (inputs of several lengths) and biases its mean, which
/// gave |t| ≈ 30–70 on the validator; a cut far above both bodies removes only interrupted calls.
/// </remarks>
internal static class TimingLeakProbe
{
    /// <summary>The code under test; its result is consumed so the call cannot be optimized away.</summary>
    public delegate int Subject(ReadOnlySpan<char> input);

    /// <summary>Runs <paramref name="subject"/> until its code is fully optimized (tiered JIT promotes after ~100 ms).</summary>
    public static void WarmUp(Subject subject, string[] classA, string[] classB, TimeSpan duration)
    {
        var sink = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 256; i++)
            {
                sink += subject(classA[i % classA.Length]) + subject(classB[i % classB.Length]);
            }
        }

        GC.KeepAlive(sink);
    }

    /// <summary>Measures Welch's t statistic of the time <paramref name="subject"/> takes on the two classes.</summary>
    /// <param name="subject">The code under test.</param>
    /// <param name="classA">Inputs of the first class (drawn at random).</param>
    /// <param name="classB">Inputs of the second class (drawn at random).</param>
    /// <param name="samplesPerClass">Timed calls per class.</param>
    /// <param name="outlierFactor">Samples slower than this multiple of their class's median are dropped as interrupted.</param>
    /// <param name="random">Chooses the interleaving and the inputs.</param>
    public static double WelchT(Subject subject, string[] classA, string[] classB, int samplesPerClass, double outlierFactor, Random random)
    {
        var count = 2 * samplesPerClass;
        var isClassB = new bool[count];
        for (var i = 0; i < count; i++)
        {
            isClassB[i] = (i & 1) == 1;
        }

        random.Shuffle(isClassB);
        var inputs = new string[count];
        for (var i = 0; i < count; i++)
        {
            var pool = isClassB[i] ? classB : classA;
            inputs[i] = pool[random.Next(pool.Length)];
        }

        var buffer = GC.AllocateUninitializedArray<char>(classA.Concat(classB).Max(s => s.Length), pinned: true);
        var elapsed = new long[count];
        var sink = 0;
        for (var i = 0; i < count; i++)
        {
            var input = buffer.AsSpan(0, inputs[i].Length);
            inputs[i].CopyTo(input);
            var start = Stopwatch.GetTimestamp();
            sink += subject(input);
            elapsed[i] = Stopwatch.GetTimestamp() - start;
        }

        GC.KeepAlive(sink);

        var cutoffA = OutlierCutoff(elapsed, isClassB, classB: false, outlierFactor);
        var cutoffB = OutlierCutoff(elapsed, isClassB, classB: true, outlierFactor);
        var a = new RunningMoments();
        var b = new RunningMoments();
        for (var i = 0; i < count; i++)
        {
            if (elapsed[i] <= (isClassB[i] ? cutoffB : cutoffA))
            {
                (isClassB[i] ? b : a).Add(elapsed[i]);
            }
        }

        return (a.Mean - b.Mean) / Math.Sqrt((a.Variance / a.Count) + (b.Variance / b.Count));
    }

    private static double OutlierCutoff(long[] elapsed, bool[] isClassB, bool classB, double factor)
    {
        var own = elapsed.Where((_, i) => isClassB[i] == classB).Order().ToArray();
        return own[own.Length / 2] * factor;
    }

    /// <summary>Welford's online mean and variance.</summary>
    private sealed class RunningMoments
    {
        private double _m2;

        public long Count { get; private set; }

        public double Mean { get; private set; }

        public double Variance => Count > 1 ? _m2 / (Count - 1) : 0;

        public void Add(double x)
        {
            Count++;
            var delta = x - Mean;
            Mean += delta / Count;
            _m2 += delta * (x - Mean);
        }
    }
}

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>The delivery shapes measured.</summary>
public enum BodyShape
{
    /// <summary>(a) 500 records of 2 KiB.</summary>
    A_500x2KiB,

    /// <summary>(b) 10,000 records of 100 B.</summary>
    B_10000x100B,

    /// <summary>(c) 1 record of 4 MiB (above Firehose's 1,024,000-byte record limit: the benchmark raises MaxRecordSize).</summary>
    C_1x4MiB,
}

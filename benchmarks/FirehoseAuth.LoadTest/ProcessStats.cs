using System.Globalization;

namespace FirehoseAuth.LoadTest;

/// <summary>A process's CPU time and memory, read from <c>/proc</c> (Linux only).</summary>
internal static class ProcessStats
{
    /// <summary>utime + stime of <c>/proc/PID/stat</c>, in seconds. The kernel reports them in USER_HZ, 100 a second
    /// on every Linux ABI .NET runs on.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>A <c>/proc/PID/status</c> figure in KiB (<c>VmRSS</c>, <c>VmHWM</c> for the peak), or 0 when absent.</summary>
    public static long StatusKiB(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>
/// CPU time and memory of a process and its descendants, read from /proc (Linux): utime+stime+cutime+cstime from
/// /proc/PID/stat; Pss and Pss_Anon from /proc/PID/smaps_rollup (shared pages split between the
/// processes that map them, so PSS is the process's fair share of the machine's memory; Pss_Anon is its
/// heap and stacks, which other processes mapping the same runtime files cannot shift); VmRSS and
/// Threads from /proc/PID/status; the open descriptors in /proc/PID/fd.
/// </summary>
internal readonly record struct ProcessSample(double CpuSeconds, long PssKiB, long PssAnonKiB, long RssKiB, int Threads, int OpenFiles)
{
    // USER_HZ: the unit of clock_t values in /proc; fixed at 100 by the kernel ABI on every Linux port
    // .NET runs on (man 5 proc: "sysconf(_SC_CLK_TCK)", which returns 100 there).
    private const double ClockTicksPerSecond = 100;

    /// <summary>
    /// The process <paramref name="pid"/> and its descendants, summed (a single-process server is a tree of
    /// one). An exited child's CPU time is in its parent's cutime/cstime once reaped, so none is lost or
    /// counted twice; a child that exits while it is read is left out.
    /// </summary>
    public static ProcessSample Read(int pid)
    {
        ProcessSample total = ReadOne(pid);
        foreach (int member in ProcessTree.Of(pid).Skip(1))
        {
            try
            {
                ProcessSample one = ReadOne(member);
                total = new ProcessSample(
                    total.CpuSeconds + one.CpuSeconds,
                    total.PssKiB + one.PssKiB,
                    total.PssAnonKiB + one.PssAnonKiB,
                    total.RssKiB + one.RssKiB,
                    total.Threads + one.Threads,
                    total.OpenFiles + one.OpenFiles);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // exited between the listing and the read
            }
        }

        return total;
    }

    private static ProcessSample ReadOne(int pid)
    {
        // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17.
        string[] fields = ProcessTree.StatFields(pid);
        long ticks = 0;
        for (int i = 11; i <= 14; i++)
        {
            ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        return new ProcessSample(
            ticks / ClockTicksPerSecond,
            ReadKiB($"/proc/{pid}/smaps_rollup", "Pss:"),
            ReadKiB($"/proc/{pid}/smaps_rollup", "Pss_Anon:"),
            ReadKiB($"/proc/{pid}/status", "VmRSS:"),
            (int)ReadKiB($"/proc/{pid}/status", "Threads:"),
            CountOpenFiles(pid));
    }

    /// <summary>The highest PSS seen, sampling every <paramref name="every"/> from <paramref name="first"/> on, until cancelled.</summary>
    public static async Task<long> PeakPssAsync(int pid, long first, TimeSpan every, CancellationToken cancellationToken)
    {
        long peak = first;
        try
        {
            while (true)
            {
                await Task.Delay(every, cancellationToken);
                peak = Math.Max(peak, Read(pid).PssKiB);
            }
        }
        catch (OperationCanceledException)
        {
            return peak;
        }
    }

    public JsonObject ToJson() => new()
    {
        ["pss_kib"] = PssKiB,
        ["pss_anon_kib"] = PssAnonKiB,
        ["rss_kib"] = RssKiB,
        ["threads"] = Threads,
        ["open_files"] = OpenFiles,
        ["cpu_s"] = CpuSeconds,
    };

    /// <summary>The numeric value of the first line starting with <paramref name="key"/> ("Pss:  1234 kB").</summary>
    private static long ReadKiB(string path, string key)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                string value = line[key.Length..].Trim();
                int space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"{path} has no {key} line");
    }

    private static int CountOpenFiles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}

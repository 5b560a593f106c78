using System.Diagnostics;
using System.Globalization;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// What the backend fixtures read from /proc to find and kill their MTA's processes (the MTAs daemonise and
/// fork, so no Process object of ours covers them): pids, /proc/PID/stat fields, kill by pid only.
/// </summary>
internal static class ProcFs
{
    /// <summary>Every pid in /proc at the time of asking.</summary>
    public static IEnumerable<int> Pids()
    {
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>
    /// The command name, state, parent and process group from /proc/PID/stat: "pid (comm) state ppid pgrp …";
    /// comm may hold spaces and parentheses, so the fields are counted from the last ')'. Null when gone.
    /// </summary>
    public static (string Command, char State, int Parent, int Group)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= text.Length)
        {
            return null;
        }

        string[] fields = text[(close + 2)..].Split(' ');
        return fields.Length > 2
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent)
            && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group)
            ? (text[(open + 1)..close], fields[0][0], parent, group)
            : null;
    }

    /// <summary>Still running (a zombie is not).</summary>
    public static bool IsRunning(int pid) => ReadStat(pid) is { State: not 'Z' };

    /// <summary>Processes (not zombies) whose process group is <paramref name="group"/>.</summary>
    public static List<int> LiveProcessGroupMembers(int group) =>
        [.. Pids().Where(pid => ReadStat(pid) is { State: not 'Z' } stat && stat.Group == group)];

    /// <summary>The process's arguments (NUL-separated in /proc/PID/cmdline); empty when gone.</summary>
    public static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>SIGKILL, by pid; a process already gone is no error.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}

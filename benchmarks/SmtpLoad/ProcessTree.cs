using System.Globalization;

namespace SmtpLoad;

/// <summary>
/// A process and all its descendants, found from the parent ids in /proc/*/stat. A server that is a
/// process tree (Postfix: the master, postscreen, one smtpd per clean client; Haraka: a cluster master
/// and its workers) is measured as a whole, as a single-process server is.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The root first, then its descendants (processes that exit while /proc is read are left out).</summary>
    public static List<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == root)
            {
                continue;
            }

            if (TryReadParent(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out List<int>? siblings))
                {
                    children[parent] = siblings = [];
                }

                siblings.Add(pid);
            }
        }

        var members = new List<int> { root };
        for (int i = 0; i < members.Count; i++)
        {
            if (children.TryGetValue(members[i], out List<int>? below))
            {
                members.AddRange(below);
            }
        }

        return members;
    }

    /// <summary>The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses); field 3 (state) first.</summary>
    public static string[] StatFields(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static int? TryReadParent(int pid)
    {
        try
        {
            // fields[1] is field 4, the parent's id.
            return int.Parse(StatFields(pid)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited while the directory was listed
        }
    }
}

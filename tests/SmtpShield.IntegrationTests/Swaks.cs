using System.Net;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// Runs swaks, the SMTP test tool admins use, against a daemon. swaks is a hard requirement of this test
/// project (the test script installs it with apt): when it is missing the test fails and says so.
/// </summary>
internal static class Swaks
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] s_knownLocations = ["/usr/bin/swaks", "/usr/local/bin/swaks"];

    /// <summary>
    /// swaks --server <paramref name="server"/> with the given arguments; stdout and stderr are merged
    /// (swaks prints refused replies on stderr) so the output keeps the dialogue's order.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(IPEndPoint server, params string[] arguments)
    {
        string swaks = Locate();
        // `sh -c 'exec "$0" "$@" 2>&1'`: one stream, and no argument ever passes through shell quoting.
        string[] command = ["-c", "exec \"$0\" \"$@\" 2>&1", swaks, "--server", server.ToString(), "--timeout", "10", .. arguments];
        using ChildProcess child = ChildProcess.Start("/bin/sh", command, new Dictionary<string, string?>());
        return await child.WaitForExitAsync(s_timeout);
    }

    private static string Locate()
    {
        IEnumerable<string> onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "swaks"));
        string? found = s_knownLocations.Concat(onPath).FirstOrDefault(File.Exists);
        Assert.True(found is not null,
            "swaks is required by the integration tests but was not found in /usr/bin, /usr/local/bin or on PATH; " +
            "install it with `apt-get install swaks` (the project's test script does).");
        return found;
    }
}

using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// Admin:TokenFile: created at the first start with a fresh token, mode 0600; used as it is when only its
/// owner (and perhaps its group) may read it; a file open to other users, or empty, refuses the start with
/// one line naming the file and the fix (exit 78, EX_CONFIG).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AdminTokenFileTests
{
    private const int ConfigurationError = 78;

    [Fact]
    public async Task MissingTokenFile_IsCreatedWithMode0600AndAFreshToken()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        string path = AdminHttp.TokenFile(daemon);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        string token = File.ReadAllText(path);
        Assert.EndsWith("\n", token, StringComparison.Ordinal);
        Assert.Equal(32, Base64Url.DecodeFromChars(token.Trim()).Length);
        using HttpClient http = AdminHttp.For(daemon);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/blocklist")).StatusCode);

        await using DaemonUnderTest other = await DaemonUnderTest.StartAsync();
        Assert.NotEqual(token, File.ReadAllText(AdminHttp.TokenFile(other)));
    }

    [Fact]
    public async Task TokenFileReadableByItsGroup_IsUsedAsWritten()
    {
        using var state = new TempDirectory();
        string path = state.File("operators.token");
        File.WriteAllText(path, "correct-horse-battery-staple\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Admin:TokenFile", path));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{daemon.AdminEndPoint}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "correct-horse-battery-staple");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/blocklist")).StatusCode);
        Assert.Equal("correct-horse-battery-staple\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("correct-horse-battery-staple\n", "0644", "is open to other users (mode 0644), so anyone on this machine could use the admin API; fix it with: chmod 600 {0}")]
    [InlineData("correct-horse-battery-staple\n", "0602", "is open to other users (mode 0602), so anyone on this machine could use the admin API; fix it with: chmod 600 {0}")]
    [InlineData("", "0600", "is empty; delete it to have a new token generated at the next start, or write a token into it")]
    [InlineData(" \n", "0600", "is empty; delete it to have a new token generated at the next start, or write a token into it")]
    public async Task TokenFileOpenToOtherUsersOrEmpty_RefusesTheStartInOneLine(string content, string mode, string sentence)
    {
        using var state = new TempDirectory();
        string path = state.File("admin.token");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));

        ProcessResult result = await DaemonProcess.RunToExitAsync(
            [
                ("StateDirectory", state.Path), ("Listeners__0__Endpoint", "127.0.0.1:0"), ("Admin__Endpoint", "127.0.0.1:0"),
                ("Relay__Backends__0__Endpoint", DaemonUnderTest.UnreachableBackend), ("Admin__TokenFile", path),
            ],
            "run");

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        Assert.Equal($"smtpshield: the admin token file {path} {string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, path)}\n", result.StandardError);
        Assert.DoesNotContain("LISTEN", result.StandardOutput, StringComparison.Ordinal);
    }
}

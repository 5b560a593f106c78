using System.Runtime.Versioning;
using SmtpShield.Admin;

namespace SmtpShield.Tests.Admin;

/// <summary>
/// The rules for Admin:TokenFile, on real files: created 0600 when missing; used when other users have no
/// access (0600, 0640); refused with a sentence naming the file and the fix otherwise.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AdminTokenFileTests : IDisposable
{
    private const string Token = "correct-horse-battery-staple";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "smtpshield-token-" + Guid.NewGuid().ToString("N")[..12]);

    public AdminTokenFileTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void MissingFile_IsCreatedOwnerOnlyWithAGeneratedToken_InAMissingDirectory()
    {
        string path = Path.Combine(_directory, "var", "admin.token");

        AdminToken token = AdminTokenFile.LoadOrCreate(path, out bool created);

        Assert.True(created);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(token.Matches(File.ReadAllText(path).Trim()));
        AdminTokenFile.LoadOrCreate(path, out bool createdAgain);
        Assert.False(createdAgain);
    }

    [Theory]
    [InlineData("0600")]
    [InlineData("0400")]
    [InlineData("0640")]
    [InlineData("0660")]
    public void FileOnlyItsOwnerAndGroupCanAccess_IsUsed(string mode)
    {
        string path = Write(Token + "\n", mode);

        Assert.True(AdminTokenFile.LoadOrCreate(path, out bool created).Matches(Token));
        Assert.False(created);
    }

    [Theory]
    [InlineData("0644")]
    [InlineData("0604")]
    [InlineData("0602")]
    [InlineData("0601")]
    [InlineData("0666")]
    public void FileOpenToOtherUsers_IsRefusedWithTheChmodFix(string mode)
    {
        string path = Write(Token, mode);

        var refusal = Assert.Throws<AdminTokenException>(() => AdminTokenFile.LoadOrCreate(path, out _));

        Assert.Equal(
            $"the admin token file {path} is open to other users (mode {mode}), so anyone on this machine could use the admin API; fix it with: chmod 600 {path}",
            refusal.Message);
    }

    [Theory]
    [InlineData("", "is empty; delete it to have a new token generated at the next start, or write a token into it")]
    [InlineData("\n \n", "is empty; delete it to have a new token generated at the next start, or write a token into it")]
    [InlineData("short\n", "too short (5 characters; at least 16); delete the file to have a strong one generated at the next start")]
    [InlineData("two words in here\n", "must hold one token of printable ASCII characters without spaces")]
    [InlineData("line-one-of-token\nline-two-of-token\n", "must hold one token of printable ASCII characters without spaces")]
    public void FileWithoutOneUsableToken_IsRefused(string content, string expected)
    {
        string path = Write(content, "0600");

        var refusal = Assert.Throws<AdminTokenException>(() => AdminTokenFile.LoadOrCreate(path, out _));

        Assert.Contains(path, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenAroundWhitespace_IsTrimmed() => Assert.True(AdminTokenFile.LoadOrCreate(Write($"  {Token}\r\n", "0600"), out _).Matches(Token));

    [Fact]
    public void CliReadingAMissingFile_SaysItDoesNotExist()
    {
        string path = Path.Combine(_directory, "none.token");

        Assert.False(AdminTokenFile.TryRead(path, out _, out string error));
        Assert.Equal($"the admin token file {path} does not exist", error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string content, string mode)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N")[..8] + ".token");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        return path;
    }
}

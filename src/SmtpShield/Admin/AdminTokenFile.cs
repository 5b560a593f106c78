namespace SmtpShield.Admin;

/// <summary>
/// Admin:TokenFile at start. Missing: created with a fresh token, mode 0600, so a new install's CLI just
/// works. Present: used only if other users have no access to it (0600, or 0640 to let a group of
/// operators use the CLI) and it holds one token of at least <see cref="AdminToken.MinimumLength"/>
/// printable characters. Anything else refuses the start with one sentence that names the file and the fix.
/// </summary>
internal static class AdminTokenFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OtherUsers = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads (or creates) the token; <paramref name="created"/> says it was generated now.</summary>
    /// <exception cref="AdminTokenException">The file cannot be used; the message says why and how to fix it.</exception>
    public static AdminToken LoadOrCreate(string path, out bool created)
    {
        string full = Path.GetFullPath(path);
        created = false;
        if (!File.Exists(full) && TryCreate(full))
        {
            created = true;
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(full);
            if ((mode & OtherUsers) != 0)
            {
                throw new AdminTokenException(
                    $"the admin token file {full} is open to other users (mode {Octal(mode)}), so anyone on this machine could use the admin API; fix it with: chmod 600 {full}");
            }
        }

        if (!TryRead(full, out string token, out string error))
        {
            throw new AdminTokenException(error);
        }

        return new AdminToken(token);
    }

    /// <summary>Reads the token as the CLI does: no mode checks (the daemon made them), one sentence on failure.</summary>
    public static bool TryRead(string path, out string token, out string error)
    {
        string full = Path.GetFullPath(path);
        token = string.Empty;
        error = string.Empty;
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"the admin token file {full} does not exist";
            return false;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            error = $"cannot read the admin token file {full}: {e.Message}";
            return false;
        }

        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = $"the admin token file {full} is empty; delete it to have a new token generated at the next start, or write a token into it";
            return false;
        }

        if (!trimmed.All(c => c is > ' ' and <= '~'))
        {
            error = $"the admin token file {full} must hold one token of printable ASCII characters without spaces (e.g. {AdminToken.Generate()})";
            return false;
        }

        if (trimmed.Length < AdminToken.MinimumLength)
        {
            error = $"the admin token in {full} is too short ({trimmed.Length} characters; at least {AdminToken.MinimumLength}); delete the file to have a strong one generated at the next start";
            return false;
        }

        token = trimmed;
        return true;
    }

    // O_CREAT|O_EXCL with mode 0600 from the first byte: the token is never readable by anyone else, even
    // for a moment. False when another process created it first (then it is read like any existing file).
    private static bool TryCreate(string full)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using var file = new FileStream(full, options);
            using var writer = new StreamWriter(file);
            writer.Write(AdminToken.Generate() + "\n");
            writer.Flush();
            file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminTokenException($"cannot create the admin token file {full}: {e.Message}");
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}

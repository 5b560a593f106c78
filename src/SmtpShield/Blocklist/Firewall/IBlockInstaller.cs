namespace SmtpShield.Blocklist.Firewall;

/// <summary>One kernel list without timeouts (the iptables chain, the blackhole routes), as <see cref="InstallingFirewall"/> drives it.</summary>
internal interface IBlockInstaller
{
    /// <summary>The driver's name for logs and metrics.</summary>
    string Name { get; }

    /// <summary>Deletes <paramref name="removed"/> (each is there) and adds <paramref name="added"/> (none is); leaves the rest alone.</summary>
    Task InstallAsync(IReadOnlyList<NetworkKey> added, IReadOnlyList<NetworkKey> removed, CancellationToken cancellationToken);

    /// <summary>Removes all of SmtpShield's entries and adds <paramref name="all"/>.</summary>
    Task RebuildAsync(IReadOnlyCollection<NetworkKey> all, CancellationToken cancellationToken);
}

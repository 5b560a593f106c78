using System.Net;

namespace SmtpShield.Blocklist;

/// <summary>
/// Networks no source may ever block (loopback, the backends, the admin and listener addresses, the
/// policy's allow list, Blocklist:Allow): a block that overlaps one is refused, whoever asks.
/// </summary>
internal sealed class ProtectedNetworks(IReadOnlyList<ProtectedNetwork> networks)
{
    public IReadOnlyList<ProtectedNetwork> Networks { get; } = networks;

    /// <summary>The first protected network sharing an address with <paramref name="candidate"/>.</summary>
    public ProtectedNetwork? FindOverlap(NetworkKey candidate)
    {
        foreach (ProtectedNetwork network in Networks)
        {
            if (network.Key.Overlaps(candidate))
            {
                return network;
            }
        }

        return null;
    }
}

/// <summary>A protected network and why it is protected ("loopback", "backend main", "Policy:Allow:0").</summary>
internal sealed record ProtectedNetwork(NetworkKey Key, string Why)
{
    public static ProtectedNetwork For(IPAddress address, string why) => new(NetworkKey.ForAddress(address), why);

    public static ProtectedNetwork For(IPNetwork network, string why) => new(NetworkKey.For(network), why);
}

using System.Net;
using System.Net.Sockets;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// Free places for the test's own servers: a random address in 127.200.0.0–127.254.255.255 (all of
/// 127.0.0.0/8 routes to lo on Linux; the lower /16s are left to the clients of the check tests) and a
/// port the kernel hands out, never a fixed shared port (shared/STYLE.md habit 15).
/// </summary>
internal static class Loopback
{
    public static IPAddress RandomServerAddress() =>
        new([127, (byte)Random.Shared.Next(200, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>A port free for both UDP and TCP on <paramref name="address"/> at the time of asking.</summary>
    public static int FreePort(IPAddress address)
    {
        for (int i = 0; ; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException) when (i < 20)
            {
            }
        }
    }

    /// <summary>A UDP socket that takes queries and never answers: a name server behind a dropping firewall.</summary>
    public static Socket BlackHole()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(RandomServerAddress(), 0));
        return socket;
    }
}

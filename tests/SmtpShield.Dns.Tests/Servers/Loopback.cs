using System.Net;
using System.Net.Sockets;

namespace SmtpShield.Dns.Tests.Servers;

/// <summary>
/// Free places for test servers: a random address in 127.0.0.0/8 (all of it routes to lo on Linux) and a port
/// the kernel hands out, never a fixed shared port (shared/STYLE.md habit 15).
/// </summary>
internal static class Loopback
{
    public static IPAddress RandomAddress() =>
        new([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

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

    /// <summary>A UDP socket that receives queries and never answers: a name server that is down but routable.</summary>
    public static Socket BlackHole()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(RandomAddress(), 0));
        return socket;
    }

    /// <summary>An address and port where nothing listens: queries there draw ICMP port unreachable.</summary>
    public static IPEndPoint Closed()
    {
        IPAddress address = RandomAddress();
        return new IPEndPoint(address, FreePort(address));
    }
}

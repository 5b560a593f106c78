using System.Net.Sockets;
using System.Text;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// The instance's /dev/log: a datagram socket collecting what Courier sends to syslog(3), one line per
/// datagram ("&lt;22&gt;Nov 22 03:46:33 courieresmtpd: …"), with the priority prefix removed.
/// </summary>
internal sealed class SyslogSocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly Task _receiving;

    public SyslogSocket(string path)
    {
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _receiving = ReceiveAsync();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _receiving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ReceiveAsync()
    {
        byte[] buffer = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            string line = Encoding.UTF8.GetString(buffer, 0, read).TrimEnd('\n', '\0');
            int end = line.StartsWith('<') ? line.IndexOf('>') : -1;
            lock (_lock)
            {
                _lines.Add(line[(end + 1)..]);
            }
        }
    }
}

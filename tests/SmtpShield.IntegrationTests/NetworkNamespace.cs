using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A throw-away network namespace with its own loopback interface, holding extra addresses on lo (say
/// 192.0.2.7): a daemon run inside it (<see cref="Launcher"/>) sees clients from addresses that are not
/// loopback, which the blocklist could never block. The test's own sockets join it through setns(2) on a
/// thread of their own, so HTTP and SMTP clients run in the test process. Needs root, like the firewall tests.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The command prefix that runs a program inside: `ip netns exec NAME`.</summary>
    public string[] Launcher => ["ip", "netns", "exec", Name];

    /// <summary>Creates the namespace, brings lo up (127.0.0.1/8, ::1) and adds <paramref name="addresses"/> to it.</summary>
    public static NetworkNamespace Create(params IPAddress[] addresses)
    {
        var created = new NetworkNamespace("smtpshield-it-" + Guid.NewGuid().ToString("N")[..10]);
        Ip("netns", "add", created.Name);
        try
        {
            Ip("-n", created.Name, "link", "set", "lo", "up");
            foreach (IPAddress address in addresses)
            {
                Ip("-n", created.Name, "addr", "add", $"{address}/{(address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}", "dev", "lo");
            }

            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>A TCP socket of this namespace, bound to <paramref name="local"/> when given.</summary>
    public Socket CreateSocket(AddressFamily family, IPAddress? local = null)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // A socket belongs to the namespace of the thread that made it, for good.
                using SafeFileHandle original = File.OpenHandle("/proc/thread-self/ns/net");
                using SafeFileHandle target = File.OpenHandle($"/run/netns/{Name}");
                Enter(target);
                try
                {
                    socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                    if (local is not null)
                    {
                        socket.Bind(new IPEndPoint(local, 0));
                    }
                }
                finally
                {
                    Enter(original);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"No socket in network namespace {Name}.", failure);
    }

    /// <summary>An HTTP client whose connections are made inside the namespace.</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            IPAddress address = IPAddress.Parse(context.DnsEndPoint.Host);
            Socket socket = CreateSocket(address.AddressFamily);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => Ip("netns", "del", Name);

    private static void Enter(SafeFileHandle ns)
    {
        if (SetNamespace(ns, CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()} (the integration tests must run as root)");
        }
    }

    private static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process ip = Process.Start(start)!;
        string error = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        if (ip.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({ip.ExitCode}): {error.Trim()} (the integration tests must run as root)");
        }
    }

    // A plain DllImport: LibraryImport's generated code needs AllowUnsafeBlocks, and an int in, an int out marshals as is.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNamespace(SafeFileHandle fd, int nstype);
}

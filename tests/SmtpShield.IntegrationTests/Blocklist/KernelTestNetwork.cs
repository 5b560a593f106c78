using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmtpShield.IntegrationTests.Blocklist;

/// <summary>
/// Two network namespaces the test makes and deletes, joined by a veth pair: the server side
/// (198.51.100.1, 2001:db8:5::1) runs the daemon and the firewall rules under test; the client side
/// (198.51.100.2 and .9, 2001:db8:5::2, all TEST-NET) connects to it. Nothing of the host's own firewall or
/// routes is touched: every nft, ipset, iptables and ip command runs inside the server namespace.
/// </summary>
internal sealed class KernelTestNetwork : IDisposable
{
    public static readonly IPAddress ServerV4 = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress ClientV4 = IPAddress.Parse("198.51.100.2");
    public static readonly IPAddress AllowedClientV4 = IPAddress.Parse("198.51.100.9");
    public static readonly IPAddress ServerV6 = IPAddress.Parse("2001:db8:5::1");
    public static readonly IPAddress ClientV6 = IPAddress.Parse("2001:db8:5::2");

    /// <summary>How long a connect may hang before it counts as dropped (an answered SYN takes well under a millisecond here).</summary>
    public static readonly TimeSpan DropTimeout = TimeSpan.FromSeconds(3);

    private KernelTestNetwork(NetworkNamespace server, NetworkNamespace client)
    {
        Server = server;
        Client = client;
    }

    public NetworkNamespace Server { get; }

    public NetworkNamespace Client { get; }

    public static KernelTestNetwork Create()
    {
        NetworkNamespace server = NetworkNamespace.Create();
        NetworkNamespace? client = null;
        try
        {
            client = NetworkNamespace.Create();
            string link = "vk" + Guid.NewGuid().ToString("N")[..8];
            Run("ip", "link", "add", link + "s", "netns", server.Name, "type", "veth", "peer", "name", link + "c", "netns", client.Name);
            Configure(server, link + "s", [ServerV4], [ServerV6]);
            Configure(client, link + "c", [ClientV4, AllowedClientV4], [ClientV6]);
            return new KernelTestNetwork(server, client);
        }
        catch
        {
            client?.Dispose();
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs a program inside the server namespace; fails the test unless it exits 0.</summary>
    public string InServer(string program, params string[] arguments)
    {
        (int exit, string output, string error) = Execute([.. Server.Launcher, program, .. arguments]);
        Assert.True(exit == 0, $"{program} {string.Join(' ', arguments)} exited {exit}: {error}");
        return output;
    }

    /// <summary>Connects from <paramref name="from"/> on the client side to port 25 and reads the first reply, or says why it could not.</summary>
    public async Task<ConnectOutcome> TryConnectAsync(IPAddress from)
    {
        IPAddress to = from.AddressFamily == AddressFamily.InterNetwork ? ServerV4 : ServerV6;
        using Socket socket = Client.CreateSocket(from.AddressFamily, from);
        using var timeout = new CancellationTokenSource(DropTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(to, 25), timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return new ConnectOutcome(ConnectResult.TimedOut, null);
        }
        catch (SocketException e)
        {
            return new ConnectOutcome(ConnectResult.Refused, e.SocketErrorCode.ToString());
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream);
        using var reading = new CancellationTokenSource(SmtpTestClient.DefaultReadTimeout);
        return new ConnectOutcome(ConnectResult.Answered, await reader.ReadLineAsync(reading.Token));
    }

    /// <summary>An SMTP client on the client side, from <paramref name="from"/> to the server's port 25.</summary>
    public Task<SmtpTestClient> ConnectSmtpAsync(IPAddress from) => SmtpTestClient.ConnectAsync(
        new IPEndPoint(from.AddressFamily == AddressFamily.InterNetwork ? ServerV4 : ServerV6, 25), Client.CreateSocket(from.AddressFamily, from));

    /// <summary>Waits (polling, up to 5 s) until <paramref name="condition"/> holds; the batcher applies changes within 100 ms.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }

    private static void Configure(NetworkNamespace ns, string link, IPAddress[] v4, IPAddress[] v6)
    {
        foreach (IPAddress address in v4)
        {
            Run("ip", "-n", ns.Name, "addr", "add", $"{address}/24", "dev", link);
        }

        foreach (IPAddress address in v6)
        {
            Run("ip", "-n", ns.Name, "addr", "add", $"{address}/64", "dev", link, "nodad");
        }

        Run("ip", "-n", ns.Name, "link", "set", link, "up");
    }

    private static void Run(params string[] command)
    {
        (int exit, _, string error) = Execute(command);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({exit}): {error.Trim()} (the integration tests must run as root)");
        }
    }

    private static (int Exit, string Output, string Error) Execute(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

internal enum ConnectResult : byte
{
    /// <summary>The SYN went unanswered: the kernel dropped it (or the reply was blackholed).</summary>
    TimedOut,

    /// <summary>A RST or an ICMP error came back.</summary>
    Refused,

    /// <summary>Connected; Reply holds the server's first line.</summary>
    Answered,
}

internal sealed record ConnectOutcome(ConnectResult Result, string? Reply);

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmtpShield.IntegrationTests.Hosting;

/// <summary>
/// Stopping the daemon (StopAsync in process, SIGTERM for the real binary) tells every session in
/// dialogue "421 4.3.2" at once (RFC 5321 §3.8) and closes it, so clients retry elsewhere or later; the
/// process then exits 0.
/// </summary>
public class GracefulShutdownTests
{
    private const string ShuttingDown = "421 4.3.2 mx.test.example Service shutting down, closing transmission channel";

    [Fact]
    public async Task OpenSession_IsToldShuttingDownAndClosedWhenTheDaemonStops()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");

        Task stopping = daemon.StopAsync();
        string reply = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ShuttingDown, reply);
    }

    [Fact]
    public async Task SessionInTls_IsToldShuttingDownOverTls()
    {
        // Fails today with "decryption failed or bad record mac" on the client: see SmtpSession.Interrupt.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        await client.ExpectAsync(220, "STARTTLS");
        await client.StartTlsAsync();
        await client.CommandAsync("EHLO client.example");

        Task stopping = daemon.StopAsync();
        string reply = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ShuttingDown, reply);
    }

    [Fact]
    public async Task SessionWaitingForItsTlsHandshake_IsClosedWhenTheDaemonStops()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        await client.ExpectAsync(220, "STARTTLS");

        Task stopping = daemon.StopAsync();
        await client.ExpectClosedAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(stopping.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task OpenSession_IsToldShuttingDownWhenTheProcessGetsSigterm_AndTheProcessExitsZero()
    {
        using DaemonProcess daemon = await DaemonProcess.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");

        daemon.Terminate();
        string reply = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();
        ProcessResult exit = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ShuttingDown, reply);
        Assert.True(exit.ExitCode == 0, exit.ToString());
        // A fresh state directory: the self-signed STARTTLS certificate was generated at start.
        Assert.Contains("STARTTLS certificate CN=mx.test.example", exit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("SHUTDOWN draining 1 sessions", exit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("helo=<client.example>", exit.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" end=shutting_down ", exit.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplicedSessionStillOpenAtTheShutdownTimeout_IsCutAndTheStopEnds()
    {
        // A spliced dialogue is the backend's: no 421 goes into it, so only the timeout ends it. The
        // backend greets every connection (the capability probe's too) and then says nothing.
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendSides = new List<Socket>();
        Task greeting = GreetForeverAsync(backend, backendSides);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            ("ShutdownTimeout", "00:00:01"),
            ("Relay:Backends:0:Endpoint", backend.LocalEndpoint.ToString()),
            ("Relay:Backends:0:Identity", "none"),
            ("Relay:Backends:0:SourceAddress", "127.0.0.1"),
            ("Relay:ClientNameTimeout", "00:00:00.200"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint);
        // Loopback is allowlisted by default: the fast path hands the client to the backend at once.
        Assert.Equal("220 backend.test ESMTP", (await client.ReadReplyAsync()).ToString());

        var clock = Stopwatch.StartNew();
        await daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(8));
        await client.ExpectClosedAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(7));
        backend.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => greeting);
        backendSides.ForEach(socket => socket.Dispose());
    }

    private static async Task GreetForeverAsync(TcpListener backend, List<Socket> accepted)
    {
        while (true)
        {
            Socket socket = await backend.AcceptSocketAsync();
            accepted.Add(socket);
            await socket.SendAsync("220 backend.test ESMTP\r\n"u8.ToArray());
        }
    }
}

using System.Diagnostics;
using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>Finding one test's message in a backend's store, by the unique header the test put in it.</summary>
internal static class RelayMessages
{
    public static string NewId() => "relay-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// After the greeting: one message to <paramref name="recipient"/>, carrying <paramref name="id"/>,
    /// every reply checked (250, 250, 354, 250), then QUIT and its 221.
    /// </summary>
    public static async Task DeliverAsync(SmtpTestClient client, string recipient, string id, string body = "body")
    {
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<{recipient}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\nSubject: {body}\r\n\r\n{body}\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");
    }

    /// <summary>swaks from <paramref name="client"/> through <paramref name="daemon"/> to alice; returns the stored message's Received fields.</summary>
    public static async Task<IReadOnlyList<string>> SwaksAsync(DaemonUnderTest daemon, IBackendMta backend, System.Net.IPAddress client, string body = "relayed by SmtpShield")
    {
        string id = NewId();
        ProcessResult result = await Swaks.RunAsync(daemon.SmtpEndPoint,
            "--local-interface", client.ToString(), "--ehlo", "mx.client.test",
            "--from", "sender@client.test", "--to", $"{backend.ExistingUser}@{backend.LocalDomain}", "--header", $"X-Test-Id: {id}", "--body", body);
        Assert.True(result.ExitCode == 0, result.ToString());
        string message = await WaitForAsync(backend, id);
        Assert.Contains(body, message, StringComparison.Ordinal);
        return ReceivedHeaders(message);
    }

    /// <summary>The stored message carrying <paramref name="id"/>; fails after <paramref name="timeout"/> (default 15 s).</summary>
    public static async Task<string> WaitForAsync(IBackendMta backend, string id, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(15);
        while (clock.Elapsed < limit)
        {
            IReadOnlyList<string> messages = await backend.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(200));
            string? message = messages.FirstOrDefault(m => m.Contains(id, StringComparison.Ordinal));
            if (message is not null)
            {
                return message;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{backend.Name}: no stored message with {id} after {limit.TotalSeconds} s.\n{string.Join('\n', backend.LogLines.TakeLast(30))}");
        return null!;
    }

    /// <summary>True when no message with <paramref name="id"/> has been stored within <paramref name="wait"/>.</summary>
    public static async Task<bool> NeverArrivesAsync(IBackendMta backend, string id, TimeSpan wait)
    {
        await Task.Delay(wait);
        IReadOnlyList<string> messages = await backend.WaitForMessagesAsync(int.MaxValue, TimeSpan.Zero);
        return !messages.Any(m => m.Contains(id, StringComparison.Ordinal));
    }

    /// <summary>The Received: header fields of <paramref name="message"/>, each unfolded onto one line.</summary>
    public static IReadOnlyList<string> ReceivedHeaders(string message)
    {
        string header = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n")[0];
        var fields = new List<string>();
        foreach (string line in header.Split('\n'))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                if (fields.Count > 0)
                {
                    fields[^1] += " " + line.Trim();
                }
            }
            else
            {
                fields.Add(line);
            }
        }

        return [.. fields.Where(f => f.StartsWith("Received:", StringComparison.OrdinalIgnoreCase))];
    }
}

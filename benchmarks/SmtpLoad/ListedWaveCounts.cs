namespace SmtpLoad;

/// <summary>
/// A snapshot of the spam wave's listed clients: how many are in each <see cref="ListedClientState"/>,
/// the RCPT reply codes of those that got one, how long those replies took, and the error keys.
/// </summary>
internal sealed record ListedWaveCounts(
    int Requested,
    IReadOnlyDictionary<ListedClientState, int> States,
    IReadOnlyDictionary<int, int> ReplyCodes,
    IReadOnlyDictionary<string, int> Errors,
    double ReplyP50Seconds,
    double ReplyP99Seconds,
    double ReplyMaxSeconds)
{
    /// <summary>Connections the server still holds open: at RCPT, whether the reply came yet or not.</summary>
    public int Held => this[ListedClientState.AwaitingReply] + this[ListedClientState.Replied] + this[ListedClientState.ReplyTimedOut];

    /// <summary>RCPT replies 5xx (554 5.7.1 for a listed client).</summary>
    public int Rejected => ReplyCodes.Where(c => c.Key is >= 500 and < 600).Sum(c => c.Value);

    /// <summary>Closed by the server before or after the reply (not by this client).</summary>
    public int Closed => this[ListedClientState.ClosedBeforeReply] + this[ListedClientState.ClosedAfterReply];

    public int this[ListedClientState state] => States.GetValueOrDefault(state);

    public static ListedWaveCounts Of(IReadOnlyList<ListedClient> clients)
    {
        var states = new SortedDictionary<ListedClientState, int>();
        var codes = new SortedDictionary<int, int>();
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        List<double> replySeconds = [];
        foreach (ListedClient client in clients)
        {
            // State first: its write publishes the fields below (ListedClient writes them before it).
            ListedClientState state = client.State;
            states[state] = states.GetValueOrDefault(state) + 1;
            if (state is ListedClientState.Replied or ListedClientState.ClosedAfterReply)
            {
                codes[client.ReplyCode] = codes.GetValueOrDefault(client.ReplyCode) + 1;
                replySeconds.Add(client.ReplySeconds);
            }

            if (state is not (ListedClientState.Opening or ListedClientState.AwaitingReply or ListedClientState.Replied) && client.Error is { } error)
            {
                errors[error] = errors.GetValueOrDefault(error) + 1;
            }
        }

        replySeconds.Sort();
        return new ListedWaveCounts(
            clients.Count,
            states,
            codes,
            errors,
            Percentiles.Of(replySeconds, 50),
            Percentiles.Of(replySeconds, 99),
            replySeconds.Count == 0 ? double.NaN : replySeconds[^1]);
    }
}

using System.Net;
using SmtpShield.Dns.Tests.Servers;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>
/// RFC 5452 §9.1: a response is accepted only from the server's address and port, with our random id and our
/// question; anything else is ignored and the resolver keeps waiting. A real server cannot be made to
/// misbehave like this, so these tests use a scripted responder that sends the forgery first and the
/// genuine answer after it.
/// </summary>
public class SpoofingTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(60);
    private static readonly IPAddress s_genuine = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress s_forged = IPAddress.Parse("203.0.113.66");

    public static TheoryData<string> Forgeries => new(
        "wrong id", "other name", "other type", "other class", "from another port", "from another address",
        "a query, not a response", "garbage", "header only");

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Forgery_IsIgnored_AndTheGenuineAnswerAccepted(string forgery)
    {
        using var server = new ScriptedUdpServer(query => [Forge(forgery, query), Genuine(query)]);

        DnsResult result = await Resolver(server, TimeSpan.FromSeconds(2)).QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.Equal(s_genuine, Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task OnlyForgeries_EndInATimeout(string forgery)
    {
        using var server = new ScriptedUdpServer(query => [Forge(forgery, query)]);

        DnsResult result = await Resolver(server, TimeSpan.FromMilliseconds(300)).QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.TempError, DnsError.Timeout), (result.Status, result.Error));
    }

    [Fact]
    public async Task QuestionEchoedInAnotherCase_IsAccepted()
    {
        using var server = new ScriptedUdpServer(query =>
        [
            new ScriptedReply(new DnsResponseBuilder(query.Id, "HOST.EXAMPLE", DnsRecordType.A)
                .Answer(new DnsAddressRecord("HOST.EXAMPLE", s_ttl, s_genuine)).Build()),
        ]);

        DnsResult result = await Resolver(server, TimeSpan.FromSeconds(2)).QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
    }

    [Fact]
    public async Task MalformedResponseToOurQuestion_IsAPermError()
    {
        using var server = new ScriptedUdpServer(query =>
        {
            byte[] response = query.Respond().Answer(new DnsAddressRecord(query.Question.Name, s_ttl, s_genuine)).Build();
            response[^5] = 5; // RDLENGTH 5 for an A record
            return [new ScriptedReply(response)];
        });

        DnsResult result = await Resolver(server, TimeSpan.FromSeconds(2)).QueryAsync("host.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, DnsError.MalformedResponse), (result.Status, result.Error));
    }

    [Fact]
    public async Task TransactionIds_ComeFromTheInjectedRandomSource()
    {
        using var server = new ScriptedUdpServer(query => [Genuine(query)]);
        var options = new DnsResolverOptions { Servers = { server.Server }, Timeout = TimeSpan.FromSeconds(2), Attempts = 1 };
        var resolver = new DnsStubResolver(options, TimeProvider.System, new SequenceRandom(0x1234, 0xBEEF));

        await resolver.QueryAsync("a.example", DnsRecordType.A);
        await resolver.QueryAsync("b.example", DnsRecordType.A);

        Assert.Equal([0x1234, 0xBEEF], server.Queries.Select(q => (int)q.Id));
    }

    [Fact]
    public async Task EveryQuery_HasAFreshRandomIdAndSourcePort()
    {
        using var server = new ScriptedUdpServer(query => [Genuine(query)]);
        DnsStubResolver resolver = Resolver(server, TimeSpan.FromSeconds(2));

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(DnsStatus.Found, (await resolver.QueryAsync("host.example", DnsRecordType.A)).Status);
        }

        // 20 draws from 65536 ids, and from the kernel's ephemeral ports, essentially never repeat much.
        Assert.True(server.Queries.Select(q => q.Id).Distinct().Count() >= 18);
        Assert.True(server.Queries.Select(q => q.Client.Port).Distinct().Count() >= 18);
    }

    private static ScriptedReply Genuine(ReceivedQuery query) =>
        new(query.Respond().Answer(new DnsAddressRecord(query.Question.Name, s_ttl, s_genuine)).Build());

    private static ScriptedReply Forge(string forgery, ReceivedQuery query)
    {
        DnsAddressRecord forged = new(query.Question.Name, s_ttl, s_forged);
        return forgery switch
        {
            "wrong id" => new(new DnsResponseBuilder((ushort)(query.Id ^ 0x5A5A), query.Question.Name, query.Question.Type).Answer(forged).Build()),
            "other name" => new(new DnsResponseBuilder(query.Id, "other.example", query.Question.Type)
                .Answer(forged with { Name = "other.example" }).Build()),
            "other type" => new(new DnsResponseBuilder(query.Id, query.Question.Name, DnsRecordType.AAAA).Build()),
            "other class" => new(new DnsResponseBuilder(query.Id, query.Question.Name, query.Question.Type) { QuestionClass = 3 }.Answer(forged).Build()),
            "from another port" => new(query.Respond().Answer(forged).Build(), ReplySource.OtherPort),
            "from another address" => new(query.Respond().Answer(forged).Build(), ReplySource.OtherAddress),
            "a query, not a response" => new(query.Respond().WithFlags(DnsHeader.RecursionDesiredFlag).Answer(forged).Build()),
            "garbage" => new([0xde, 0xad, 0xbe, 0xef, .. new byte[40]]),
            _ => new(query.Respond().Build()[..DnsLimits.HeaderLength]),
        };
    }

    private static DnsStubResolver Resolver(ScriptedUdpServer server, TimeSpan timeout) =>
        new(new DnsResolverOptions { Servers = { server.Server }, Timeout = timeout, Attempts = 1 });
}

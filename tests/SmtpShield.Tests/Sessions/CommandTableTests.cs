using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Protocol;
using SmtpShield.Sessions;
using SmtpShield.Sessions.Commands;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Sessions;

public sealed class CommandTableTests
{
    [Fact]
    public void EveryVerb_HasExactlyOneHandler()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging().AddSmtpShield(TestConfiguration.Create()).BuildServiceProvider();
        CommandTable table = services.GetRequiredService<CommandTable>();
        foreach (SmtpVerb verb in Enum.GetValues<SmtpVerb>())
        {
            Assert.Contains(verb, table.For(verb).Verbs);
        }
    }

    [Fact]
    public void EverySyntaxError_MapsToAPermanentReply()
    {
        foreach (SmtpSyntaxError error in Enum.GetValues<SmtpSyntaxError>().Where(e => e != SmtpSyntaxError.None))
        {
            Assert.True(SyntaxErrorReplies.For(SmtpVerb.Mail, error).IsPermanentFailure, error.ToString());
        }
    }
}

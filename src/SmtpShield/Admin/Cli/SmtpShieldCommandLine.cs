using System.CommandLine;

namespace SmtpShield.Admin.Cli;

/// <summary>The `smtpshield` command line: `run` (the default) and `check-config`; more commands join with the Operations issue.</summary>
internal static class SmtpShieldCommandLine
{
    public static RootCommand Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Configuration file (default: config/smtpshield.json in the working directory or beside the binary, else the embedded default)",
            Recursive = true,
        };

        var run = new Command("run", "Run the SMTP front line until SIGTERM (the default command)");
        run.SetAction((parse, _) => RunCommand.RunAsync(parse.GetValue(config)));

        var path = new Argument<string?>("path")
        {
            Description = "Configuration file to check (default: as for run)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var checkConfig = new Command("check-config", "Validate a configuration and print every error with its key; exit 78 if any");
        checkConfig.Arguments.Add(path);
        checkConfig.SetAction(parse => CheckConfigCommand.Run(parse.GetValue(path) ?? parse.GetValue(config), Console.Out, Console.Error));

        var root = new RootCommand("SmtpShield: an SMTP front line that screens clients up to RCPT TO and hands clean sessions to your MTA.");
        root.Options.Add(config);
        root.Subcommands.Add(run);
        root.Subcommands.Add(checkConfig);
        root.SetAction((parse, _) => RunCommand.RunAsync(parse.GetValue(config)));
        return root;
    }
}

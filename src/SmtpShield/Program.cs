using System.CommandLine;
using SmtpShield.Admin.Cli;

// The host handles SIGTERM itself (graceful drain); the command line must not kill the process first.
ParseResult command = SmtpShieldCommandLine.Create().Parse(args);
return await command.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

using System.Net;
using Microsoft.Extensions.Options;

namespace SmtpShield.Listener;

internal sealed class ListenersOptionsValidator : IValidateOptions<ListenersOptions>
{
    public ValidateOptionsResult Validate(string? name, ListenersOptions options)
    {
        var errors = new List<string>();
        if (options.Items.Count == 0)
        {
            errors.Add("Listeners: at least one listener is required, e.g. [ { \"Endpoint\": \"127.0.0.1:2525\" } ]");
        }

        var seen = new HashSet<IPEndPoint>();
        for (int i = 0; i < options.Items.Count; i++)
        {
            string endpoint = options.Items[i].Endpoint;
            if (!EndpointText.TryParse(endpoint, out IPEndPoint parsed))
            {
                errors.Add($"Listeners:{i}:Endpoint: '{endpoint}' is not address:port (e.g. 127.0.0.1:2525, [::1]:25, *:25)");
            }
            else if (parsed.Port != 0 && !seen.Add(parsed))
            {
                errors.Add($"Listeners:{i}:Endpoint: '{endpoint}' is listed twice");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

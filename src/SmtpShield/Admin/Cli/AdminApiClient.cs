using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using SmtpShield.Configuration;
using SmtpShield.Listener;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// The CLI's side of the admin API: the endpoint and token file come from the configuration the daemon
/// uses (--config, else the same default resolution as run), so on the daemon's machine nothing else is
/// needed. Every failure becomes one sentence on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
internal sealed class AdminApiClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly string? _tokenError;
    private readonly TextWriter _errorOutput;

    private AdminApiClient(Uri baseAddress, string? token, string? tokenError, TextWriter errorOutput)
    {
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = s_timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("smtpshield-cli");
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _tokenError = tokenError;
        _errorOutput = errorOutput;
    }

    /// <summary>"http://127.0.0.1:9925", as the messages show it.</summary>
    public string Address => _http.BaseAddress!.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// Loads and validates the configuration and finds the API; false (with the message written and
    /// <paramref name="exitCode"/> set) when the configuration does not say where it is.
    /// </summary>
    public static bool TryCreate(string? configPath, TextWriter errorOutput, out AdminApiClient? client, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(errorOutput);
        client = null;
        exitCode = ExitCodes.ConfigurationError;
        if (!ConfigurationLoading.TryLoadValid(configPath, errorOutput, out IConfigurationRoot configuration, out string source))
        {
            return false;
        }

        AdminOptions options = configuration.GetSection(ConfigSections.Admin).Get<AdminOptions>() ?? new AdminOptions();
        // The configuration was validated, so the endpoint parses.
        if (!EndpointText.TryParse(options.Endpoint, out IPEndPoint endpoint) || endpoint.Port == 0)
        {
            errorOutput.WriteLine($"smtpshield: Admin:Endpoint in {source} has port 0, so the daemon's port cannot be known; give the CLI a configuration with the real port");
            return false;
        }

        // A daemon listening on every address is reached on loopback ("*" and "[::]" are dual-stack).
        IPAddress address = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : endpoint.Address;
        var baseAddress = new Uri($"http://{new IPEndPoint(address, endpoint.Port)}/");
        string? token = AdminTokenFile.TryRead(options.TokenFile, out string read, out string tokenError) ? read : null;
        client = new AdminApiClient(baseAddress, token, token is null ? tokenError : null, errorOutput);
        exitCode = ExitCodes.Ok;
        return true;
    }

    /// <summary>
    /// Sends a request and reads the reply's document: <see cref="ApiCall{T}.Document"/> on success; otherwise
    /// the failure is reported and <see cref="ApiCall{T}.ExitCode"/> says which.
    /// </summary>
    public async Task<ApiCall<T>> CallAsync<T>(HttpMethod method, string pathAndQuery, JsonTypeInfo<T> type, HttpContent? content = null)
        where T : class
    {
        ApiReply? reply = await SendAsync(method, pathAndQuery, content);
        if (reply is null)
        {
            return new ApiCall<T>(null, 0, ExitCodes.Unavailable);
        }

        if (!reply.IsSuccess)
        {
            return new ApiCall<T>(null, reply.Status, Refusal(reply));
        }

        return Read(reply, type) is { } document
            ? new ApiCall<T>(document, reply.Status, ExitCodes.Ok)
            : new ApiCall<T>(null, reply.Status, ExitCodes.UnexpectedReply);
    }

    /// <summary>Sends a request that answers without a body (204); the exit code.</summary>
    public async Task<int> CallAsync(HttpMethod method, string pathAndQuery)
    {
        ApiReply? reply = await SendAsync(method, pathAndQuery);
        return reply is null ? ExitCodes.Unavailable : reply.IsSuccess ? ExitCodes.Ok : Refusal(reply);
    }

    /// <summary>Sends a request; the reply, or null when the daemon was not reached (the message is written).</summary>
    private async Task<ApiReply?> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            return new ApiReply((int)response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            await _errorOutput.WriteLineAsync($"smtpshield: cannot reach the daemon's admin API at {Address} ({Why(e)}); is it running?");
            return null;
        }
        catch (TaskCanceledException)
        {
            await _errorOutput.WriteLineAsync($"smtpshield: the daemon's admin API at {Address} did not answer within {s_timeout.TotalSeconds:0} s");
            return null;
        }
    }

    /// <summary>The reply's JSON document, or null (with a message) when it is not what the API sends.</summary>
    private T? Read<T>(ApiReply reply, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            return JsonSerializer.Deserialize(reply.Body, type) ?? throw new JsonException("null document");
        }
        catch (JsonException)
        {
            _errorOutput.WriteLine($"smtpshield: {Address} answered {reply.Status} with something that is not the admin API's JSON; is another program on that port?");
            return null;
        }
    }

    /// <summary>Reports a refusal (the problem's detail, one line) and returns its exit code.</summary>
    private int Refusal(ApiReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Status == 401 && _tokenError is not null)
        {
            _errorOutput.WriteLine($"smtpshield: {_tokenError}; the daemon creates it at start: is it running with this configuration?");
            return ExitCodes.NoPermission;
        }

        ProblemDocument? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize(reply.Body, AdminJsonContext.Wire.ProblemDocument);
        }
        catch (JsonException)
        {
        }

        _errorOutput.WriteLine(problem is null
            ? $"smtpshield: {Address} answered {reply.Status} without an explanation; is another program on that port?"
            : $"smtpshield: {problem.Detail}");
        return problem is null ? ExitCodes.UnexpectedReply : ExitCodes.ForStatus(reply.Status);
    }

    public void Dispose() => _http.Dispose();

    private static string Why(HttpRequestException e) => e.GetBaseException() switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.TimedOut } => "connection timed out",
        SocketException socket => socket.Message.ToLowerInvariant(),
        TimeoutException => "connection timed out",
        _ => e.Message,
    };
}

/// <summary>An HTTP reply from the admin API: status and body.</summary>
internal sealed record ApiReply(int Status, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>A call's document (null unless it succeeded), its HTTP status (0: not reached) and the exit code it means.</summary>
internal sealed record ApiCall<T>(T? Document, int Status, int ExitCode)
    where T : class;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlp.Tests.Report;

/// <summary>
/// Chromium driven over its DevTools protocol (a WebSocket of JSON messages), the little the
/// report's browser checks need: open a page, watch its console, errors and requests, run a
/// script, take a screenshot and print a PDF. It replaces a browser-automation package whose
/// drivers took 786 MB of the NuGet cache; the protocol is Chromium's own, documented at
/// chromedevtools.github.io/devtools-protocol.
/// </summary>
internal sealed partial class DevTools : IAsyncDisposable
{
    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    /// <summary>Events as they come: method, params, session.</summary>
    public event Action<string, JsonNode?, string?>? Event;

    private DevTools(Process browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    public static async Task<DevTools> Launch(string executable, IEnumerable<string> flags)
    {
        string profile = Path.Combine(
            Path.GetTempPath(),
            "mlp-chromium-" + Guid.NewGuid().ToString("N")
        );
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string flag in flags)
        {
            start.ArgumentList.Add(flag);
        }
        start.ArgumentList.Add("--headless");
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add("about:blank");
        var browser = Process.Start(start)!;
        var tools = new DevTools(browser, profile);
        var endpoint = await tools.Endpoint(TimeSpan.FromSeconds(30));
        await tools._socket.ConnectAsync(endpoint, CancellationToken.None);
        tools._receiving = Task.Run(tools.Receive);
        return tools;
    }

    /// <summary>The browser's WebSocket address, from the line Chromium writes to stderr when it listens.</summary>
    private async Task<Uri> Endpoint(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new StringBuilder();
        while (await _browser.StandardError.ReadLineAsync(cancel.Token) is string line)
        {
            seen.AppendLine(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                _ = _browser.StandardError.ReadToEndAsync(); // keep the pipe drained
                return new Uri(match.Groups[1].Value);
            }
        }
        throw new InvalidOperationException(
            $"Chromium did not start its DevTools endpoint: {seen}"
        );
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();

    /// <summary>Sends a command and waits for its result (the protocol's error as an exception).</summary>
    public async Task<JsonNode> Send(
        string method,
        object? parameters = null,
        string? session = null
    )
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(
            TaskCreationOptions.RunContinuationsAsynchronously
        );
        _pending[id] = reply;
        var message = new JsonObject
        {
            ["id"] = id,
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }),
        };
        if (session is not null)
        {
            message["sessionId"] = session;
        }
        await _socket.SendAsync(
            Encoding.UTF8.GetBytes(message.ToJsonString()),
            WebSocketMessageType.Text,
            endOfMessage: true,
            CancellationToken.None
        );
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task Receive()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (
                    node["id"] is JsonNode id
                    && _pending.TryRemove(id.GetValue<int>(), out var reply)
                )
                {
                    if (node["error"] is JsonNode error)
                    {
                        reply.SetException(new InvalidOperationException(error.ToJsonString()));
                    }
                    else
                    {
                        reply.SetResult(node["result"] ?? new JsonObject());
                    }
                }
                else if (node["method"] is JsonNode method)
                {
                    Event?.Invoke(
                        method.GetValue<string>(),
                        node["params"],
                        node["sessionId"]?.GetValue<string>()
                    );
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser closed, or we did.
        }
        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("the browser went away"));
        }
    }

    /// <summary>A new tab, attached: its session id for <see cref="Send"/>.</summary>
    public async Task<(string Target, string Session)> NewPage()
    {
        var target = (await Send("Target.createTarget", new { url = "about:blank" }))[
            "targetId"
        ]!.GetValue<string>();
        var session = (
            await Send("Target.attachToTarget", new { targetId = target, flatten = true })
        )["sessionId"]!.GetValue<string>();
        return (target, session);
    }

    /// <summary>A script's value, returned as JSON (promises awaited); a thrown error as an exception.</summary>
    public async Task<JsonNode?> Evaluate(string session, string expression)
    {
        var result = await Send(
            "Runtime.evaluate",
            new
            {
                expression,
                returnByValue = true,
                awaitPromise = true,
            },
            session
        );
        if (result["exceptionDetails"] is JsonNode thrown)
        {
            throw new InvalidOperationException(thrown.ToJsonString());
        }
        return result["result"]?["value"];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Send("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
            when (e is InvalidOperationException or TimeoutException or WebSocketException)
        {
            // Closing as it went away.
        }
        _stop.Cancel();
        await _receiving.ConfigureAwait(false);
        if (!_browser.WaitForExit(5000))
        {
            _browser.Kill(entireProcessTree: true);
        }
        _browser.Dispose();
        _socket.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

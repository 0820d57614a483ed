using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Tongban.IntegrationTests;

/// <summary>
/// A real Kannel on free ports: bearerbox with two fake SMSCs ("mt", where the fake operator receives what
/// Tongban sends; "mo", through which a second fake operator injects a citizen's reply), and smsbox with a
/// sendsms user and a catch-all sms-service whose get-url is Tongban's inbound endpoint. Needs
/// `apt-get install kannel kannel-extras` (.ci/run does it); missing binaries fail the tests, they do not skip.
/// </summary>
public sealed partial class KannelGateway : IAsyncDisposable
{
    public const string Bearerbox = "/usr/sbin/bearerbox";
    public const string Smsbox = "/usr/sbin/smsbox";
    public const string FakeSmsc = "/usr/lib/kannel/test/fakesmsc";
    public const string Username = "tongban";
    public const string Password = "kannel-test-pw";
    public const string From = "10690123";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"tongban-kannel-{Guid.NewGuid():N}");
    private readonly List<Process> _processes = [];
    private readonly int _adminPort = FreePort(), _boxPort = FreePort(), _mtPort = FreePort(), _moPort = FreePort(), _sendPort = FreePort();

    /// <summary>Every line the fake operators printed (fakesmsc logs what it receives).</summary>
    private readonly ConcurrentQueue<string> _operatorLines = new();

    public string SendUrl => $"http://127.0.0.1:{_sendPort}/cgi-bin/sendsms";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="inboundUrl">Tongban's inbound endpoint with its token (Kannel appends nothing; the % escapes are Kannel's).</param>
    public async Task StartAsync(string inboundUrl)
    {
        foreach (var binary in new[] { Bearerbox, Smsbox, FakeSmsc })
            if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is missing: apt-get install -y kannel kannel-extras (.ci/run installs them).");
        Directory.CreateDirectory(_dir);
        var conf = Path.Combine(_dir, "kannel.conf");
        await File.WriteAllTextAsync(conf, $"""
            group = core
            admin-port = {_adminPort}
            admin-password = admin-test
            smsbox-port = {_boxPort}
            box-allow-ip = 127.0.0.1
            log-file = "{_dir}/bearerbox.log"
            log-level = 1
            dlr-storage = internal

            group = smsc
            smsc = fake
            smsc-id = mt
            port = {_mtPort}
            connect-allow-ip = 127.0.0.1

            group = smsc
            smsc = fake
            smsc-id = mo
            allowed-smsc-id = mo
            port = {_moPort}
            connect-allow-ip = 127.0.0.1

            group = smsbox
            bearerbox-host = 127.0.0.1
            bearerbox-port = {_boxPort}
            sendsms-port = {_sendPort}
            log-file = "{_dir}/smsbox.log"
            log-level = 1

            group = sendsms-user
            username = {Username}
            password = {Password}
            max-messages = 10
            concatenation = true

            group = sms-service
            keyword = default
            catch-all = true
            get-url = "{inboundUrl}&from=%p&text=%a"
            omit-empty = true
            accept-x-kannel-headers = true
            max-messages = 3
            concatenation = true

            """);
        Start(Bearerbox, conf);
        await WaitForPortAsync(_mtPort);
        Start(FakeSmsc, $"-H 127.0.0.1 -r {_mtPort} -i 1 -m 0 \"0 0 text none\"", capture: true);
        Start(Smsbox, conf);
        await WaitForPortAsync(_sendPort);
    }

    /// <summary>A citizen replies <paramref name="text"/> from <paramref name="mobile"/>: a second fake operator on the "mo" SMSC sends it.</summary>
    public void SendInbound(string mobile, string text) =>
        Start(FakeSmsc, $"-H 127.0.0.1 -r {_moPort} -i 1 -m 1 \"{mobile} {From} text {text}\"", capture: true);

    /// <summary>The texts the fake operators received for <paramref name="mobile"/>, long messages reassembled from their parts.</summary>
    public IReadOnlyList<string> ReceivedBy(string mobile)
    {
        var texts = new List<string>();
        var parts = new Dictionary<(int Ref, int Total), SortedDictionary<int, byte[]>>();
        foreach (var line in _operatorLines)
        {
            var m = GotMessage().Match(line);
            if (!m.Success || m.Groups["to"].Value != mobile) continue;
            var rest = m.Groups["rest"].Value.Split(' ');
            if (rest[0] == "udh" && rest.Length >= 4)
            {
                var udh = PercentDecode(rest[1]);
                var data = PercentDecode(rest[3]);
                if (udh.Length >= 6 && udh[1] == 0)
                {
                    var key = ((int)udh[3], (int)udh[4]);
                    if (!parts.TryGetValue(key, out var list)) parts[key] = list = [];
                    list[udh[5]] = data;
                    if (list.Count == key.Item2)
                    {
                        texts.Add(Encoding.BigEndianUnicode.GetString([.. list.Values.SelectMany(b => b)]));
                        parts.Remove(key);
                    }
                }
            }
            else if (rest[0] is "ucs-2" or "data") texts.Add(Encoding.BigEndianUnicode.GetString(PercentDecode(rest[1])));
            else if (rest[0] == "text") texts.Add(string.Join(' ', rest.Skip(1)));
        }
        return texts;
    }

    [GeneratedRegex(@"Got message \d+: <(?<from>\S+) (?<to>\S+) (?<rest>.*)>\s*$")]
    private static partial Regex GotMessage();

    /// <summary>fakesmsc URL-encodes the bytes it received: %XX, '+' for 0x20 (a UCS-2 text has many: “ is 20 1C).</summary>
    private static byte[] PercentDecode(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length)
            {
                bytes.Add(byte.Parse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else bytes.Add(s[i] == '+' ? (byte)0x20 : (byte)s[i]);
        }
        return [.. bytes];
    }

    private void Start(string file, string arguments, bool capture = false)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (capture && e.Data is not null) _operatorLines.Enqueue(e.Data);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes) _processes.Add(process);
    }

    /// <summary>Waiting for an external process to open its port (not for application time: that runs on the fake clock).</summary>
    private static async Task WaitForPortAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Kannel did not open port {port} within 20 s");
    }

    public string Logs()
    {
        var sb = new StringBuilder();
        foreach (var f in new[] { "bearerbox.log", "smsbox.log" })
        {
            var path = Path.Combine(_dir, f);
            if (!File.Exists(path)) continue;
            var lines = File.ReadLines(path).ToList();
            sb.AppendLine($"== {f}: errors").AppendLine(string.Join('\n', lines.Where(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("WARNING", StringComparison.Ordinal)).TakeLast(20)));
            sb.AppendLine($"== {f}: last lines").AppendLine(string.Join('\n', lines.TakeLast(30)));
        }
        sb.AppendLine("== operator").AppendLine(string.Join('\n', _operatorLines.TakeLast(20)));
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        List<Process> processes;
        lock (_processes) processes = [.. _processes];
        // Only the processes this gateway started, smsbox and the fake operators first, bearerbox last.
        foreach (var p in Enumerable.Reverse(processes))
        {
            try
            {
                if (!p.HasExited) p.Kill();
                await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
                // already gone
            }
            p.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

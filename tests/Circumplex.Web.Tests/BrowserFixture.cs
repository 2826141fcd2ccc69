using Microsoft.Playwright;

namespace Circumplex.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser) against the real Kestrel server on a free
/// 127.0.0.1 port. The fake camera plays a .y4m made from a real face photo of shared/data, decoded by Chromium
/// itself (no imaging library). Every request that leaves 127.0.0.1 is answered locally (Spotify's player is
/// stubbed) or aborted: the tests never touch the network.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; CIRCUMPLEX_CHROMIUM points elsewhere.</summary>
    public static readonly string Chromium = Environment.GetEnvironmentVariable("CIRCUMPLEX_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    public const string FacePhoto = "photos/face_recognition/obama.jpg";

    private static readonly string[] CommonArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-sync", "--disable-default-apps", "--mute-audio",
    ];

    public string? SkipReason { get; private set; }
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public TestServerHost? Host { get; private set; }
    public FakePhotoAnalyzer Analyzer { get; } = new();
    public string ScreenshotDirectory { get; } = Screenshots();
    private string? _workDirectory;
    private readonly string _cameraPhoto;

    public BrowserFixture() : this(FacePhoto) { }

    /// <param name="cameraPhoto">The photo under shared/data that the fake camera shows.</param>
    protected BrowserFixture(string cameraPhoto) => _cameraPhoto = cameraPhoto;

    /// <summary>What else the tests need and is missing, as a skip reason (null: nothing).</summary>
    protected virtual string? MissingPrerequisite() => null;

    /// <summary>The server the tests share; by default the fake analyzer on the 5,000-song template catalog.</summary>
    protected virtual Task<TestServerHost> StartHostAsync() => TestServerHost.StartAsync(Analyzer, kestrel: true);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            SkipReason = $"{Chromium} is missing: install Debian's chromium (scripts/setup.sh does) to run the browser tests";
            return;
        }
        if (SharedData.Root is null || !File.Exists(Path.Combine(SharedData.Root, _cameraPhoto)) || !File.Exists(Path.Combine(SharedData.Root, TestServerHost.CatalogFile)))
        {
            SkipReason = $"shared data ({_cameraPhoto}, {TestServerHost.CatalogFile}) is absent: set CIRCUMPLEX_SHARED_DATA to run the browser tests";
            return;
        }
        if (MissingPrerequisite() is { } missing)
        {
            SkipReason = missing;
            return;
        }
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _workDirectory = Directory.CreateTempSubdirectory("circumplex-browser-").FullName;
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();

        string y4m = Path.Combine(_workDirectory, "face.y4m");
        await WriteFakeCamera(Path.Combine(SharedData.Root, _cameraPhoto), y4m);
        Browser = await Launch(
        [
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={y4m}",
        ]);
        Host = await StartHostAsync();
    }

    private Task<IBrowser> Launch(string[] extra) => Playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = [.. CommonArgs, .. extra],
        Timeout = 30_000,
    });

    /// <summary>Decodes the photo in a plain Chromium, cover-fits it into 640×480 and writes it as a looping .y4m.</summary>
    private async Task WriteFakeCamera(string photo, string y4m)
    {
        await using var decoder = await Launch([]);
        var page = await decoder.NewPageAsync();
        string b64 = Convert.ToBase64String(await File.ReadAllBytesAsync(photo));
        string rgba = await page.EvaluateAsync<string>("""
            async (b64) => {
              const img = new Image();
              img.src = 'data:image/jpeg;base64,' + b64;
              await img.decode();
              const W = 640, H = 480;
              const c = document.createElement('canvas');
              c.width = W; c.height = H;
              const g = c.getContext('2d');
              const s = Math.max(W / img.naturalWidth, H / img.naturalHeight);
              const w = W / s, h = H / s;
              g.drawImage(img, (img.naturalWidth - w) / 2, (img.naturalHeight - h) / 2, w, h, 0, 0, W, H);
              const d = g.getImageData(0, 0, W, H).data;
              let bin = '';
              for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
              return btoa(bin);
            }
            """, b64);
        Y4mWriter.Write(y4m, Convert.FromBase64String(rgba), 640, 480);
    }

    /// <summary>
    /// A page in a fresh context whose only network is the test server (Spotify's player is a local stub).
    /// Dispose <c>page.Context</c> at the end of the test.
    /// </summary>
    public async Task<IPage> NewPage(TestServerHost host, ViewportSize? viewport = null, string? initScript = null)
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 1000 },
            Permissions = ["camera"],
        });
        context.SetDefaultTimeout(15_000);
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == "127.0.0.1" || url.Scheme is "data" or "blob") await route.ContinueAsync();
            else if (url.Host == "open.spotify.com")
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    ContentType = "text/html",
                    Body = "<body style=\"margin:0;font:13px sans-serif;background:#1db954;color:#fff;padding:8px\">Spotify player (stubbed in tests)</body>",
                });
            else await route.AbortAsync();
        });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        // The browser's console and errors go to the test's output, to explain a failure.
        var output = TestContext.Current.TestOutputHelper;
        void Log(string line)
        {
            try { output?.WriteLine(line); } catch (InvalidOperationException) { /* the test has ended */ }
        }
        page.Console += (_, m) => Log($"[console.{m.Type}] {m.Text}");
        page.PageError += (_, e) => Log($"[page error] {e}");
        return page;
    }

    public async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>artifacts/screenshots at the repository root (git-ignored).</summary>
    private static string Screenshots()
    {
        return Directory.CreateDirectory(Circumplex.Tests.Repository.Root is { } root
            ? Path.Combine(root, "artifacts", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (_workDirectory is not null) try { Directory.Delete(_workDirectory, true); } catch (IOException) { }
    }
}
